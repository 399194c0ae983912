/** Roster and people files as a program's spreadsheet would export them, for the import tests. */
import { csvLine } from '../../src/lib/shared/csv';
import {
	ACCOUNT_COLUMNS,
	ROSTER_COLUMNS,
	type AccountColumn,
	type RosterColumn
} from '../../src/lib/shared/imports';

export type RosterRow = Partial<Record<RosterColumn, string>>;

/** A good roster row (override any cell). */
export function rosterRow(overrides: RosterRow = {}): RosterRow {
	return {
		code: 'SF-0101',
		legal_name: 'Maria Archuleta',
		aliases: 'Mari;M. Arch',
		date_of_birth: '1984-06-02',
		race_ethnicity: 'hispanic_latino',
		gender: 'woman',
		status: 'enrolled',
		case_manager_email: '',
		referral_date: '2025-02-11',
		pathway: 'social_contact',
		offence_category: '',
		next_court_date: '',
		...overrides
	};
}

/** A CSV file's bytes: the header, then one line per row (cells written with the board's own writer). */
export function csvFile<C extends string>(columns: readonly C[], rows: Partial<Record<C, string>>[]): Buffer {
	const lines = [columns.join(',') + '\r\n', ...rows.map((r) => csvLine(columns.map((c) => r[c] ?? '')))];
	return Buffer.from(lines.join(''), 'utf8');
}

/** Raw cells, written as given (no apostrophe before a formula-like cell): what a spreadsheet exports. */
export function rawCsv(lines: string[]): Buffer {
	return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

export const rosterFile = (rows: RosterRow[]) => csvFile(ROSTER_COLUMNS, rows);
export const accountsFile = (rows: Partial<Record<AccountColumn, string>>[]) =>
	csvFile(ACCOUNT_COLUMNS, rows);
