/**
 * The two CSV imports a program starts with, as the browser and the command line see them: the
 * columns each file has, and the report an import (or its dry run) answers with. A report names
 * rows by their line in the file and carries counts and reasons, never anything read from the
 * board's records.
 */
import { z } from 'zod';

/** The roster a program moves from its spreadsheet: one participant per row. */
export const ROSTER_COLUMNS = [
	'code',
	'legal_name',
	'aliases',
	'date_of_birth',
	'race_ethnicity',
	'gender',
	'status',
	'case_manager_email',
	'referral_date',
	'pathway',
	'offence_category',
	'next_court_date'
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

/** People who will use the board: one account per row. */
export const ACCOUNT_COLUMNS = ['email', 'name', 'role', 'agency'] as const;
export type AccountColumn = (typeof ACCOUNT_COLUMNS)[number];

/** A row that imports nothing, and why. */
export const rowProblemSchema = z.object({
	line: z.int(),
	/** The row's key (its program code, or email) as the file gave it, when it gave one. */
	key: z.string().optional(),
	message: z.string()
});
export type RowProblem = z.infer<typeof rowProblemSchema>;

/** A row already on the board: left exactly as it is. */
export const rowKeptSchema = z.object({ line: z.int(), key: z.string() });

export const rosterImportReportSchema = z.object({
	dryRun: z.boolean(),
	/** Data rows read (blank rows are not counted). */
	rows: z.int(),
	/** Participants created (a dry run: that would be created). */
	imported: z.int(),
	/** Rows whose program code is on the board already. */
	unchanged: z.array(rowKeptSchema),
	problems: z.array(rowProblemSchema)
});
export type RosterImportReport = z.infer<typeof rosterImportReportSchema>;

/** A new account and the one-time link that lets its holder choose a password. */
export const invitedAccountSchema = z.object({
	userId: z.string(),
	name: z.string(),
	email: z.string(),
	/** The secret part of the link; shown to the administrator once, stored only as a hash. */
	token: z.string(),
	expiresAt: z.iso.datetime()
});
export type InvitedAccount = z.infer<typeof invitedAccountSchema>;

export const accountImportReportSchema = z.object({
	dryRun: z.boolean(),
	rows: z.int(),
	/** Accounts created (a dry run: the rows that would be created, without links). */
	created: z.array(
		z.object({ line: z.int(), name: z.string(), email: z.string(), role: z.string(), agency: z.string() })
	),
	/** Emails that already have an account in this program. */
	unchanged: z.array(rowKeptSchema),
	problems: z.array(rowProblemSchema),
	/** The real run only. */
	invitations: z.array(invitedAccountSchema)
});
export type AccountImportReport = z.infer<typeof accountImportReportSchema>;

/** The page a one-time sign-in link opens; the secret travels after `#`, so no server or proxy logs it. */
export const WELCOME_PATH = '/signin/welcome';

export function welcomeLink(origin: string, token: string): string {
	return `${origin}${WELCOME_PATH}#${token}`;
}
