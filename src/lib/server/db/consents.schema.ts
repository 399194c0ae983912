/**
 * Consents (releases of information): which agency may receive which information categories of a
 * participant, for what purpose, from when and until when, and whether it was revoked. Which
 * consents are active, and what they widen, is the policy module's decision.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { AGENCY_KINDS } from '../../shared/roles';
import type { InformationCategory } from '../../shared/participant-values';
import { participants } from './participants.schema';

const nowMs = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;
const instant = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const consents = sqliteTable(
	'consents',
	{
		id: text('id')
			.primaryKey()
			.$defaultFn(() => crypto.randomUUID()),
		jurisdictionId: text('jurisdiction_id').notNull(),
		participantId: text('participant_id')
			.notNull()
			.references(() => participants.id),
		/** The recipient: one agency, or every agency of a kind (exactly one of the two is set). */
		recipientAgencyId: text('recipient_agency_id'),
		recipientAgencyKind: text('recipient_agency_kind', { enum: AGENCY_KINDS }),
		categories: text('categories', { mode: 'json' }).$type<InformationCategory[]>().notNull(),
		purpose: text('purpose').notNull(),
		/** The local calendar date the participant signed (YYYY-MM-DD). */
		signedOn: text('signed_on').notNull(),
		/** The last local day it is valid (inclusive); null when it runs until the participant exits. */
		validUntil: text('valid_until'),
		untilExit: integer('until_exit', { mode: 'boolean' }).notNull().default(false),
		/** Local midnight of the signing day, and local midnight after `validUntil`, in the jurisdiction's zone. */
		startsAt: instant('starts_at').notNull(),
		expiresAt: instant('expires_at'),
		renewedOn: text('renewed_on'),
		renewedAt: instant('renewed_at'),
		renewedByUserId: text('renewed_by_user_id'),
		revokedAt: instant('revoked_at'),
		revokedByUserId: text('revoked_by_user_id'),
		revokeReason: text('revoke_reason'),
		/** Set once open screens were told that this consent expired (so it is announced once). */
		expiryAnnouncedAt: instant('expiry_announced_at'),
		createdByUserId: text('created_by_user_id').notNull(),
		version: integer('version').notNull().default(1),
		createdAt: instant('created_at').notNull().default(nowMs),
		updatedAt: instant('updated_at').notNull().default(nowMs)
	},
	(t) => [
		index('consents_participant').on(t.participantId),
		index('consents_expiry').on(t.expiresAt),
		check(
			'consents_one_recipient',
			sql`(${t.recipientAgencyId} is null) <> (${t.recipientAgencyKind} is null)`
		),
		check('consents_one_end', sql`(${t.validUntil} is null) = (${t.untilExit} = 1)`)
	]
);

export type Consent = typeof consents.$inferSelect;
