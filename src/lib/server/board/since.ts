/** "New since the last meeting": the start of the last operational workgroup meeting held. */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db';
import { meetings } from '../db/schema';

const FALLBACK_DAYS = 14;

export function lastMeetingAt(db: Db, jurisdictionId: string, now = new Date()): Date {
	const last = db
		.select({ startsAt: meetings.startsAt })
		.from(meetings)
		.where(
			and(
				eq(meetings.jurisdictionId, jurisdictionId),
				eq(meetings.kind, 'operational_workgroup'),
				lt(meetings.startsAt, now)
			)
		)
		.orderBy(desc(meetings.startsAt))
		.get();
	return last?.startsAt ?? new Date(now.getTime() - FALLBACK_DAYS * 24 * 60 * 60 * 1000);
}
