/**
 * The audit trail: one append-only, hash-chained table. Each row's hash covers the previous
 * row's hash and every stored field, so a rewritten or forged row breaks the chain. Triggers in
 * a custom migration refuse UPDATE and DELETE.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const auditEvents = sqliteTable(
	'audit_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** UTC milliseconds since the epoch, stored as a plain integer so the hash input is exact. */
		at: integer('at').notNull(),
		actorUserId: text('actor_user_id'),
		actorRole: text('actor_role'),
		actorAgencyId: text('actor_agency_id'),
		jurisdictionId: text('jurisdiction_id'),
		sourceAddress: text('source_address'),
		action: text('action').notNull(),
		objectType: text('object_type'),
		objectId: text('object_id'),
		outcome: text('outcome').notNull(),
		/** Canonical JSON of scalar ids, codes and counts (never participant data). */
		detail: text('detail').notNull(),
		/** Unique, so the chain can never fork: each entry has exactly one successor at most. */
		prevHash: text('prev_hash').notNull().unique(),
		hash: text('hash').notNull().unique()
	},
	(t) => [
		index('audit_events_jurisdiction_at').on(t.jurisdictionId, t.at),
		index('audit_events_object').on(t.objectId),
		index('audit_events_actor').on(t.actorUserId)
	]
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
