/**
 * Meetings of a jurisdiction: the operational workgroup and the Policy Coordinating Group, as
 * routes and socket handlers read them. Their changes are commands, run through `execute`.
 */
import { asc, eq } from 'drizzle-orm';
import type { Conn } from '../db';
import { meetings, type Meeting } from '../db/schema';
import { can, type Actor } from '../policy';
import { meetingResource } from './records';

const UPCOMING: readonly Meeting['status'][] = ['draft', 'published', 'live'];

/** Meetings this actor may attend, soonest first; by default only those still to happen (or live). */
export function listMeetingsFor(db: Conn, actor: Actor, { all = false }: { all?: boolean } = {}): Meeting[] {
	return db
		.select()
		.from(meetings)
		.where(eq(meetings.jurisdictionId, actor.jurisdictionId))
		.orderBy(asc(meetings.startsAt))
		.all()
		.filter((m) => all || UPCOMING.includes(m.status))
		.filter((m) => can(actor, 'meeting.view', meetingResource(m)));
}

export { meetingResource, loadMeeting, getMeeting, authorizeMeeting } from './records';
export { proposeAgenda, previousMeeting, type AgendaProposal, type ProposedItem } from './build-agenda';
export { openActionItemsBefore } from './decisions';
export { openFlags } from './flags';
export { meetingView, meetingSummary, itemFocus } from './views';
export { roomView } from './room';
export { listNoteVersions, notesPlainText, readNotesState } from './notes';
export { loadDirectory } from './directory';
export { focusOn, openRoomScreen } from './screens';
