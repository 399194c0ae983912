/**
 * What a live connection asks of a meeting besides its view: the focus on one agenda item (a
 * screen that stepped away from the facilitator) and opening the room screen for the projector,
 * each checked against the policy for the person asking.
 */
import type { Conn } from '../db';
import type { Actor } from '../policy';
import { loadItem } from './agenda';
import { authorizeMeeting, loadMeeting } from './records';
import { itemFocus } from './views';

/** One agenda item as this person may see it. */
export function focusOn(db: Conn, actor: Actor, meetingId: string, agendaItemId: string, now = new Date()) {
	const m = loadMeeting(db, actor, meetingId);
	authorizeMeeting(actor, 'meeting.agenda.view', m);
	return itemFocus(db, actor, m, loadItem(db, m.id, agendaItemId), now);
}

/** Checks this person may put the meeting's room screen up (anyone who may see the meeting). */
export function openRoomScreen(db: Conn, actor: Actor, meetingId: string): void {
	authorizeMeeting(actor, 'meeting.view', loadMeeting(db, actor, meetingId));
}
