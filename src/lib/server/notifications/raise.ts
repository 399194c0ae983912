/**
 * Raising a notification: one row of references for one person, at most one per person, kind,
 * subject and local day, and none for a kind the person chose to receive nowhere.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Conn } from '../db';
import { prepared } from '../db/prepared';
import { notifications } from '../db/notifications.schema';
import { localDate } from '../../shared/zoned';
import type { NotificationKind } from '../../shared/notifications';
import { choicesOf, wantsAnywhere } from './preferences';

export interface Raised {
	userId: string;
	notificationId: string;
}

export interface RaiseInput {
	jurisdictionId: string;
	userId: string;
	kind: NotificationKind;
	subjectId: string;
	participantId?: string | null;
	meetingId?: string | null;
}

const bound = (name: string) => sql.placeholder(name);

/** A police contact raises one for each person told: prepared once. */
const insertNotification = prepared((db) =>
	db
		.insert(notifications)
		.values({
			id: bound('id'),
			jurisdictionId: bound('jurisdictionId'),
			userId: bound('userId'),
			kind: bound('kind'),
			subjectId: bound('subjectId'),
			participantId: bound('participantId'),
			meetingId: bound('meetingId'),
			day: bound('day'),
			createdAt: bound('createdAt')
		})
		.onConflictDoNothing()
		.returning({ id: notifications.id })
		.prepare()
);

/** Stores the notification unless the person has it for this subject today or wants it nowhere. */
export function raise(tx: Conn, n: RaiseInput, now: Date, timezone: string): Raised | null {
	if (!wantsAnywhere(choicesOf(tx, n.userId), n.kind)) return null;
	const row = insertNotification(tx).get({
		id: crypto.randomUUID(),
		jurisdictionId: n.jurisdictionId,
		userId: n.userId,
		kind: n.kind,
		subjectId: n.subjectId,
		participantId: n.participantId ?? null,
		meetingId: n.meetingId ?? null,
		day: localDate(now, timezone),
		createdAt: now
	});
	return row ? { userId: n.userId, notificationId: row.id } : null;
}

/**
 * A reminder (a deadline the sweep sees coming): raised like any notification, except while the
 * person has not yet read the last one about the same subject, so reminders never pile up.
 */
export function remind(tx: Conn, n: RaiseInput, now: Date, timezone: string): Raised | null {
	const waiting = tx
		.select({ id: notifications.id })
		.from(notifications)
		.where(
			and(
				eq(notifications.userId, n.userId),
				eq(notifications.kind, n.kind),
				eq(notifications.subjectId, n.subjectId),
				isNull(notifications.readAt)
			)
		)
		.get();
	return waiting ? null : raise(tx, n, now, timezone);
}
