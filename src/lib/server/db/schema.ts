/**
 * The database schema: one place for every table, types derived from it.
 * Columns are snake_case, keys camelCase. The `user`, `session`, `account` and `verification`
 * tables are the shapes the authentication library expects.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { AGENCY_KINDS, ROLES } from '../../shared/roles';
import { MEETING_KINDS, MEETING_STATUSES } from '../../shared/meeting-values';

const id = () =>
	text('id')
		.primaryKey()
		.$defaultFn(() => crypto.randomUUID());
const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`);
const updatedAt = () =>
	integer('updated_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`);

export const jurisdictions = sqliteTable('jurisdictions', {
	id: id(),
	name: text('name').notNull(),
	slug: text('slug').notNull().unique(),
	timezone: text('timezone').notNull(),
	/** Days an arrest-diversion referral has to complete its assessment. */
	assessmentWindowDays: integer('assessment_window_days').notNull().default(30),
	/** The program settings (`shared/program-settings.ts`); null until an administrator sets them. */
	settings: text('settings', { mode: 'json' }),
	isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
	createdAt: createdAt()
});

export const agencies = sqliteTable(
	'agencies',
	{
		id: id(),
		jurisdictionId: text('jurisdiction_id')
			.notNull()
			.references(() => jurisdictions.id),
		name: text('name').notNull(),
		shortName: text('short_name').notNull(),
		kind: text('kind', { enum: AGENCY_KINDS }).notNull(),
		/** The agency's colour on screens (always beside its name); null takes its kind's colour. */
		colour: text('colour'),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('agencies_jurisdiction_name').on(t.jurisdictionId, t.name)]
);

export const user = sqliteTable('user', {
	id: id(),
	name: text('name').notNull(),
	email: text('email').notNull().unique(),
	emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
	image: text('image'),
	role: text('role', { enum: ROLES }).notNull(),
	jurisdictionId: text('jurisdiction_id')
		.notNull()
		.references(() => jurisdictions.id),
	agencyId: text('agency_id')
		.notNull()
		.references(() => agencies.id),
	disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
	/** Set by better-auth's twoFactor plugin once the authenticator app is verified. */
	twoFactorEnabled: integer('two_factor_enabled', { mode: 'boolean' }).notNull().default(false),
	/** Set when too many sign-ins failed; only an administrator clears it. */
	lockedAt: integer('locked_at', { mode: 'timestamp_ms' }),
	createdAt: createdAt(),
	updatedAt: updatedAt()
});

export const session = sqliteTable(
	'session',
	{
		id: id(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		token: text('token').notNull().unique(),
		ipAddress: text('ip_address'),
		userAgent: text('user_agent'),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** Last HTTP request or socket event; null until the first one (then createdAt counts). */
		lastActiveAt: integer('last_active_at', { mode: 'timestamp_ms' }),
		/** When this session's holder acknowledged the system-use notice. */
		noticeAcknowledgedAt: integer('notice_acknowledged_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [index('session_user').on(t.userId)]
);

export const account = sqliteTable(
	'account',
	{
		id: id(),
		accountId: text('account_id').notNull(),
		providerId: text('provider_id').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		accessToken: text('access_token'),
		refreshToken: text('refresh_token'),
		idToken: text('id_token'),
		accessTokenExpiresAt: integer('access_token_expires_at', { mode: 'timestamp_ms' }),
		refreshTokenExpiresAt: integer('refresh_token_expires_at', { mode: 'timestamp_ms' }),
		scope: text('scope'),
		password: text('password'),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [index('account_user').on(t.userId)]
);

export const verification = sqliteTable('verification', {
	id: id(),
	identifier: text('identifier').notNull(),
	value: text('value').notNull(),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
	createdAt: createdAt(),
	updatedAt: updatedAt()
});

/** The meeting vocabularies are the wire contract's; the domain keeps importing them with the tables. */
export { MEETING_KINDS, MEETING_STATUSES };

export const meetings = sqliteTable(
	'meetings',
	{
		id: id(),
		jurisdictionId: text('jurisdiction_id')
			.notNull()
			.references(() => jurisdictions.id),
		kind: text('kind', { enum: MEETING_KINDS }).notNull(),
		title: text('title').notNull(),
		startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
		location: text('location'),
		status: text('status', { enum: MEETING_STATUSES }).notNull().default('draft'),
		createdAt: createdAt(),
		/** A video-call address for people who join remotely. */
		callLink: text('call_link'),
		/** The person who set the meeting up; always admitted, like the facilitator. */
		organizerUserId: text('organizer_user_id'),
		/** Agencies whose members are invited, and people invited by name. */
		invitedAgencyIds: text('invited_agency_ids', { mode: 'json' }).$type<string[]>().notNull().default([]),
		invitedUserIds: text('invited_user_ids', { mode: 'json' }).$type<string[]>().notNull().default([]),
		/** The agenda item "now discussing" while live, and when discussion of it began (the timer). */
		currentItemId: text('current_item_id'),
		currentItemStartedAt: integer('current_item_started_at', { mode: 'timestamp_ms' }),
		startedAt: integer('started_at', { mode: 'timestamp_ms' }),
		endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
		approvedAt: integer('approved_at', { mode: 'timestamp_ms' }),
		approvedByUserId: text('approved_by_user_id'),
		/** Bumped by every change to details, status or the agenda's shape; a stale edit is refused. */
		version: integer('version').notNull().default(1)
	},
	(t) => [index('meetings_jurisdiction').on(t.jurisdictionId, t.startsAt)]
);

/** Latest compacted state of each Yjs document. */
export const yjsDocuments = sqliteTable('yjs_documents', {
	name: text('name').primaryKey(),
	snapshot: blob('snapshot', { mode: 'buffer' }).notNull(),
	updatedAt: updatedAt()
});

/** Append-only log of Yjs updates stored since the last snapshot. */
export const yjsUpdates = sqliteTable(
	'yjs_updates',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		docName: text('doc_name').notNull(),
		update: blob('update', { mode: 'buffer' }).notNull(),
		createdAt: createdAt()
	},
	(t) => [index('yjs_updates_doc').on(t.docName, t.id)]
);

/** Instance settings the server keeps for itself (for example the demo signing secret). */
export const appSettings = sqliteTable('app_settings', {
	key: text('key').primaryKey(),
	value: text('value').notNull()
});

export type Jurisdiction = typeof jurisdictions.$inferSelect;
export type Agency = typeof agencies.$inferSelect;
export type User = typeof user.$inferSelect;
export type Meeting = typeof meetings.$inferSelect;
export * from './participants.schema';
export * from './security.schema';
export * from './audit.schema';
export * from './meetings.schema';
export * from './consents.schema';
export * from './figures.schema';
export * from './notifications.schema';
export * from './evaluation.schema';
