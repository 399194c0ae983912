/**
 * Meetings of a jurisdiction: the operational workgroup and the Policy Coordinating Group. The
 * domain functions routes and socket handlers call; every write returns the changes to announce.
 */
import { asc, eq } from 'drizzle-orm';
import type { Conn } from '../participants/mutations';
import { meetings, type Meeting } from '../db/schema';
import { can, type Actor } from '../policy';
import { meetingResource } from './records';

export function getMeeting(db: Conn, meetingId: string): Meeting | null {
	return db.select().from(meetings).where(eq(meetings.id, meetingId)).get() ?? null;
}

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

export {
	meetingResource,
	announce,
	loadMeeting,
	type Changes,
	type WriteOptions,
	type WriteResult
} from './records';
export {
	createMeeting,
	updateMeeting,
	publishAgenda,
	startMeeting,
	moveNowDiscussing,
	endMeeting,
	approveMinutes
} from './lifecycle';
export {
	addAgendaItem,
	updateAgendaItem,
	removeAgendaItem,
	reorderAgenda,
	moveAgendaItem,
	addComment
} from './agenda';
export {
	proposeAgenda,
	buildAgendaFromRoster,
	previousMeeting,
	type AgendaProposal,
	type ProposedItem
} from './build-agenda';
export { addDecision, addActionItem, setActionItemStatus, openActionItemsBefore } from './decisions';
export { recordPresence, markAttendance } from './attendance';
export { flagForDiscussion, openFlags } from './flags';
export { meetingView, meetingSummary, itemFocus } from './views';
export { roomView } from './room';
export { listNoteVersions, notesPlainText, readNotesState } from './notes';
export { loadDirectory } from './directory';
