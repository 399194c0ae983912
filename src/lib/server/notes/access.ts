/**
 * Who may read and who may write a meeting's notes: decided here once, for the notes server's
 * door, for the open sockets it rechecks after a meeting changes, and for the line above the
 * notes that names their readers.
 */
import type { Conn } from '../db';
import type { Meeting } from '../db/schema';
import { getMeeting } from '../meetings/records';
import { can, type Actor } from '../policy';
import { parseYjsRoom } from '../../shared/events';

export interface NotesAccess {
	read: boolean;
	write: boolean;
}

export function notesAccess(actor: Actor, meeting: Meeting): NotesAccess {
	return {
		read: can(actor, 'meeting.notes.read', meeting),
		write: can(actor, 'meeting.notes.write', meeting)
	};
}

/** What this person may do in a notes room now; null when the room names no meeting of theirs. */
export function notesRoomAccess(db: Conn, actor: Actor, room: string): NotesAccess | null {
	const target = parseYjsRoom(room);
	const meeting = target ? getMeeting(db, target.meetingId) : null;
	// Another jurisdiction's meeting does not exist here: no "forbidden" that would say it does.
	return meeting && meeting.jurisdictionId === actor.jurisdictionId ? notesAccess(actor, meeting) : null;
}
