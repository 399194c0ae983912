/**
 * Notifications between meetings and each person's choices about them. A notification stores
 * references only (who, what kind, which record, which participant or meeting): its words are
 * rendered through the policy when it is read, so a later consent change applies to it too.
 *
 * Like the other domain schemas this file imports nothing from `schema.ts`: user, participant
 * and meeting ids are plain text columns, checked by the domain.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../shared/notifications';

const nowMs = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const notifications = sqliteTable(
	'notifications',
	{
		id: text('id')
			.primaryKey()
			.$defaultFn(() => crypto.randomUUID()),
		jurisdictionId: text('jurisdiction_id').notNull(),
		/** The person told. */
		userId: text('user_id').notNull(),
		kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
		/** The record it is about: a referral, a contact, an action item, a comment or a meeting. */
		subjectId: text('subject_id').notNull(),
		participantId: text('participant_id'),
		meetingId: text('meeting_id'),
		/** The jurisdiction's local day it was raised on (YYYY-MM-DD): one per person, kind, subject and day. */
		day: text('day').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
		readAt: integer('read_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		uniqueIndex('notifications_once_a_day').on(t.userId, t.kind, t.subjectId, t.day),
		index('notifications_person').on(t.userId, t.createdAt)
	]
);

/** What a person chose to receive, in the board and in the daily digest; no row means the defaults. */
export const notificationPreferences = sqliteTable('notification_preferences', {
	userId: text('user_id').primaryKey(),
	inApp: text('in_app', { mode: 'json' }).$type<NotificationKind[]>().notNull(),
	digest: text('digest', { mode: 'json' }).$type<NotificationKind[]>().notNull(),
	/** The local day the last digest was settled for this person, and when. */
	digestSentOn: text('digest_sent_on'),
	digestSentAt: integer('digest_sent_at', { mode: 'timestamp_ms' }),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(nowMs)
});

export type Notification = typeof notifications.$inferSelect;
export type NotificationPreferences = typeof notificationPreferences.$inferSelect;
