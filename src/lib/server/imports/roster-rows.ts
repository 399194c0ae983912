/**
 * The rows of a roster file, checked: the one place that says what a good roster row is, used by
 * the upload page and `npm run roster:import` alike. A row is either an entry to import, a code
 * already on the board (left as it is), or a problem with its line and reason.
 */
import type { CsvTable } from './csv';
import { CellProblem, choice, choicesOf, day, nameKey, optionalChoice, optionalDay, text } from './cells';
import {
	OFFENCE_CATEGORY_LABELS,
	PATHWAY_LABELS,
	RACE_ETHNICITY_LABELS,
	STATUS_LABELS
} from '../../shared/participant-labels';
import type {
	OffenceCategory,
	ParticipantStatus,
	RaceEthnicity,
	ReferralPathway
} from '../../shared/participant-values';
import type { RosterColumn, RowProblem } from '../../shared/imports';
import type { ProgramSettings } from '../../shared/program-settings';
import { mayBeAssigned } from '../policy/participants';
import type { Role } from '../../shared/roles';

/** One participant as the file describes them, checked. */
export interface RosterEntry {
	line: number;
	code: string;
	legalName: string;
	aliases: string[];
	dateOfBirth: string | null;
	raceEthnicity: RaceEthnicity | null;
	gender: string | null;
	status: ImportedStatus;
	caseManagerUserId: string | null;
	referralDate: string;
	pathway: ReferralPathway;
	offenceCategory: OffenceCategory | null;
	nextCourtDate: string | null;
}

/**
 * Where someone on a spreadsheet roster can stand. "Screened out" is not among them: it is the
 * board's own verdict on a referral, with reasons a spreadsheet does not carry.
 */
export type ImportedStatus = Exclude<ParticipantStatus, 'screened_out'>;
const STATUSES = choicesOf(STATUS_LABELS).filter((s) => s.value !== 'screened_out') as {
	value: ImportedStatus;
	label: string;
}[];
const PATHWAYS = choicesOf(PATHWAY_LABELS);
const OFFENCES = choicesOf(OFFENCE_CATEGORY_LABELS);

/** What the rows are checked against: the program and the board as they are now. */
export interface RosterContext {
	settings: ProgramSettings;
	/** The program's accounts by lower-case email. */
	staff: Map<string, { id: string; role: Role; disabled: boolean }>;
	/** Program codes already on the board. */
	existingCodes: Set<string>;
	/** Today in the program's time zone, YYYY-MM-DD. */
	today: string;
}

export interface CheckedRoster {
	entries: RosterEntry[];
	unchanged: { line: number; key: string }[];
	problems: RowProblem[];
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/;
const MAX_ALIASES = 10;
const NAME_MAX = 120;

/** Sorts every row of the file into entries, codes already on the board, and problems. */
export function checkRosterRows(table: CsvTable<RosterColumn>, ctx: RosterContext): CheckedRoster {
	const out: CheckedRoster = { entries: [], unchanged: [], problems: [...table.problems] };
	const codeLines = new Map<string, number>();
	const personLines = new Map<string, number>();
	for (const { line, cells } of table.rows) {
		const key = cells.code || undefined;
		try {
			const entry = rosterEntry(line, cells, ctx);
			const earlier = codeLines.get(entry.code);
			if (earlier) throw new CellProblem(`The code ${entry.code} is on line ${earlier} already.`);
			codeLines.set(entry.code, line);
			if (ctx.existingCodes.has(entry.code)) {
				out.unchanged.push({ line, key: entry.code });
				continue;
			}
			const person = `${nameKey(entry.legalName)}|${entry.dateOfBirth ?? ''}`;
			const same = entry.dateOfBirth ? personLines.get(person) : undefined;
			if (same) {
				throw new CellProblem(
					`Same legal name and date of birth as line ${same}: one person has one row (put other names in aliases).`
				);
			}
			personLines.set(person, line);
			out.entries.push(entry);
		} catch (error) {
			if (!(error instanceof CellProblem)) throw error;
			out.problems.push({ line, ...(key ? { key } : {}), message: error.message });
		}
	}
	out.problems.sort((a, b) => a.line - b.line);
	return out;
}

function rosterEntry(line: number, c: Record<RosterColumn, string>, ctx: RosterContext): RosterEntry {
	const faults: string[] = [];
	/** Every cell is read, so the row's report names all that is wrong with it at once. */
	const read = <T>(cell: () => T): T => {
		try {
			return cell();
		} catch (error) {
			if (!(error instanceof CellProblem)) throw error;
			faults.push(error.message);
			return undefined as T;
		}
	};
	const entry: RosterEntry = {
		line,
		code: read(() => code(c.code)),
		legalName: read(() => text(c.legal_name, 'The legal name', NAME_MAX)),
		aliases: read(() => aliases(c.aliases)),
		dateOfBirth: read(() => birthDate(c.date_of_birth, ctx.today)),
		raceEthnicity: read(() =>
			optionalChoice(c.race_ethnicity, raceChoices(ctx.settings), 'The race/ethnicity')
		),
		gender: read(() => optionalChoice(c.gender, ctx.settings.genders, 'The gender')),
		status: read(() => choice(c.status, STATUSES, 'The status')),
		caseManagerUserId: read(() => caseManager(c.case_manager_email, ctx)),
		referralDate: read(() => referralDate(c.referral_date, ctx.today)),
		pathway: read(() => choice(c.pathway, PATHWAYS, 'The pathway')),
		offenceCategory: read(() => optionalChoice(c.offence_category, OFFENCES, 'The offence category')),
		nextCourtDate: read(() => optionalDay(c.next_court_date, 'The next court date'))
	};
	if (faults.length) throw new CellProblem(faults.join(' '));
	return entry;
}

function code(cell: string): string {
	if (CODE.test(cell)) return cell;
	throw new CellProblem(
		cell
			? `The code "${cell}" is not a program code: letters, digits, - _ . / only, 40 at most.`
			: 'The code is empty: every participant has a program code.'
	);
}

function birthDate(cell: string, today: string): string | null {
	const date = optionalDay(cell, 'The date of birth');
	if (date && (date > today || date < '1900-01-01')) {
		throw new CellProblem(`The date of birth ${date} cannot be right.`);
	}
	return date;
}

function referralDate(cell: string, today: string): string {
	const date = day(cell, 'The referral date');
	if (date > today) throw new CellProblem(`The referral date ${date} is in the future.`);
	return date;
}

function raceChoices(settings: ProgramSettings) {
	return settings.raceEthnicities.map((value) => ({ value, label: RACE_ETHNICITY_LABELS[value] }));
}

function aliases(cell: string): string[] {
	const names = [
		...new Set(
			cell
				.split(';')
				.map((a) => a.trim())
				.filter(Boolean)
		)
	];
	if (names.length > MAX_ALIASES) throw new CellProblem(`More than ${MAX_ALIASES} aliases.`);
	for (const a of names) text(a, 'An alias', NAME_MAX);
	return names;
}

function caseManager(cell: string, ctx: RosterContext): string | null {
	if (!cell) return null;
	const person = ctx.staff.get(cell.toLowerCase());
	if (!person) throw new CellProblem(`No one with the email ${cell} has an account in this program.`);
	if (person.disabled) throw new CellProblem(`The account of ${cell} is disabled.`);
	if (!mayBeAssigned(person.role, 'caseManager')) {
		throw new CellProblem(`${cell} is not a case manager, so cannot be assigned as one.`);
	}
	return person.id;
}
