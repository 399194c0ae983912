/**
 * Program figures kept beyond a single request: the snapshot frozen on a Policy Coordinating Group
 * agenda when it is published, and the API tokens an administrator issues for a state dashboard.
 * Like the other area files this imports nothing from `schema.ts` (which re-exports it).
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { participants } from './participants.schema';

const nowMs = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/** The figures as they stood when the agenda was published, so everyone reviews the same numbers. */
export const figureSnapshots = sqliteTable(
	'figure_snapshots',
	{
		agendaItemId: text('agenda_item_id').primaryKey(),
		meetingId: text('meeting_id').notNull(),
		jurisdictionId: text('jurisdiction_id').notNull(),
		/** The counts behind the figures (`FigureCounts`), suppressed only when shown. */
		counts: text('counts', { mode: 'json' }).notNull(),
		createdByUserId: text('created_by_user_id').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(nowMs)
	},
	(t) => [index('figure_snapshots_meeting').on(t.meetingId)]
);

/** A token a dashboard sends as `Authorization: Bearer …`; only its hash is kept. */
export const apiTokens = sqliteTable(
	'api_tokens',
	{
		id: text('id')
			.primaryKey()
			.$defaultFn(() => crypto.randomUUID()),
		jurisdictionId: text('jurisdiction_id').notNull(),
		name: text('name').notNull(),
		/** What the token may read; today only the program figures. */
		scope: text('scope', { enum: ['figures:read'] }).notNull(),
		tokenHash: text('token_hash').notNull().unique(),
		createdByUserId: text('created_by_user_id').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
		revokedByUserId: text('revoked_by_user_id')
	},
	(t) => [index('api_tokens_jurisdiction').on(t.jurisdictionId)]
);

/**
 * Each person's history as the figures count it, kept by the store itself: triggers on the
 * status changes, referrals, screenings, plan goals, legal matters and contacts rebuild a
 * person's row from the `participant_figure_docs` view whenever one of the columns it reads is
 * written (merges included, which move records between people). The figures then read one row
 * per person instead of walking seven tables. A person with no such records has no row. The
 * document's shape is `FigureHistoryDoc` in `figures/data.ts`. The table is kept by person id
 * alone (`WITHOUT ROWID`, set in its migration), so reading a person's row is one lookup.
 */
export const participantFigureHistory = sqliteTable('participant_figure_history', {
	participantId: text('participant_id')
		.primaryKey()
		.references(() => participants.id, { onDelete: 'cascade' }),
	doc: text('doc').notNull()
});

export type FigureSnapshot = typeof figureSnapshots.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
