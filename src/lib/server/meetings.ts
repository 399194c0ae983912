/** Meetings of a jurisdiction: the operational workgroup and the Policy Coordinating Group. */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './db';
import { meetings, type Meeting } from './db/schema';
import { can, type Actor } from './policy';

export function getMeeting(db: Db, meetingId: string): Meeting | null {
	return db.select().from(meetings).where(eq(meetings.id, meetingId)).get() ?? null;
}

/** The meetings whose notes this actor may read, soonest first. */
export function listMeetingsFor(db: Db, actor: Actor): Meeting[] {
	return db
		.select()
		.from(meetings)
		.where(and(eq(meetings.jurisdictionId, actor.jurisdictionId)))
		.orderBy(asc(meetings.startsAt))
		.all()
		.filter((m) => can(actor, 'meeting.notes.read', m));
}
