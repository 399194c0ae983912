/**
 * Sign-in security: the second factor (the shape better-auth's twoFactor plugin reads and writes)
 * and the failed sign-ins that lock an account. Like the other area files this imports nothing
 * from `schema.ts` (which re-exports it): user ids are plain text columns.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One authenticator-app secret per account, encrypted by better-auth with the auth secret. */
export const twoFactor = sqliteTable(
	'two_factor',
	{
		id: text('id')
			.primaryKey()
			.$defaultFn(() => crypto.randomUUID()),
		secret: text('secret').notNull(),
		backupCodes: text('backup_codes').notNull(),
		userId: text('user_id').notNull(),
		/** False while enrolment waits for the first code from the app. */
		verified: integer('verified', { mode: 'boolean' }).default(true),
		failedVerificationCount: integer('failed_verification_count').default(0),
		lockedUntil: integer('locked_until', { mode: 'timestamp_ms' })
	},
	(t) => [index('two_factor_user').on(t.userId), index('two_factor_secret').on(t.secret)]
);

/** Each failed sign-in against a known account; the lockout counts those inside its window. */
export const signInFailures = sqliteTable(
	'sign_in_failures',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: text('user_id').notNull(),
		failedAt: integer('failed_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('sign_in_failures_user').on(t.userId, t.failedAt)]
);
