/** "New since the last meeting": the start of the last operational workgroup meeting held. */
import { and, eq, lt, max, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { meetings } from '../db/schema';

const FALLBACK_DAYS = 14;

const lastWorkgroupStart = prepared((db) =>
	db
		.select({ startsAt: max(meetings.startsAt) })
		.from(meetings)
		.where(
			and(
				eq(meetings.jurisdictionId, sql.placeholder('jurisdictionId')),
				eq(meetings.kind, 'operational_workgroup'),
				lt(meetings.startsAt, sql.placeholder('now'))
			)
		)
		.prepare()
);

export function lastMeetingAt(db: Db, jurisdictionId: string, now = new Date()): Date {
	const last = lastWorkgroupStart(db).get({ jurisdictionId, now: now.getTime() });
	return last?.startsAt ?? new Date(now.getTime() - FALLBACK_DAYS * 24 * 60 * 60 * 1000);
}
