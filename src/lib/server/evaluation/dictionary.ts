/**
 * The data dictionary of an evaluation export: every file and column, what it means and the
 * values it takes, and the rules applied to make the files de-identified. One definition, written
 * into each export (as `data-dictionary.csv` and `README.txt`) and shown on the export page.
 */
import type { ProgramSettings } from '../../shared/program-settings';
import {
	CHARGING_DECISION_LABELS,
	CONTACT_KIND_LABELS,
	EXIT_REASON_LABELS,
	GOAL_DOMAIN_LABELS,
	PATHWAY_LABELS,
	RACE_ETHNICITY_LABELS,
	STATUS_LABELS
} from '../../shared/participant-labels';
import { csvLine } from '../../shared/csv';
import { AGE_BANDS, WIDE_AGE_BANDS } from './age-bands';
import { SUPPRESSED, type Protection } from './k-anonymity';

export interface DictionaryColumn {
	file: 'participants.csv' | 'events.csv';
	column: string;
	meaning: string;
	/** The values the column takes, as `code = words`; empty for numbers. */
	values: string;
}

/** The columns of participants.csv, in file order. */
export const PARTICIPANT_COLUMNS = [
	'pseudonym',
	'age_band',
	'race_ethnicity',
	'gender',
	'neighbourhood',
	'pathway',
	'status',
	'exit_reason',
	'referral_count',
	'days_to_assessment',
	'days_to_exit'
] as const;

/** The columns of events.csv, in file order. */
export const EVENT_COLUMNS = ['pseudonym', 'day', 'event', 'value'] as const;

const listed = (labels: Record<string, string>) =>
	Object.entries(labels)
		.map(([code, words]) => `${code} = ${words}`)
		.join('; ');

const PSEUDONYM_VALUES = '16 hexadecimal characters (0-9, a-f)';

const QUASI = `A quasi-identifier: may read "${SUPPRESSED}" (see the rules in README.txt).`;

/** Every column of both files, with the program's own gender categories. */
export function dataDictionary(settings: Pick<ProgramSettings, 'genders'>): DictionaryColumn[] {
	const genders = Object.fromEntries(settings.genders.map((g) => [g.value, g.label]));
	const p = (column: (typeof PARTICIPANT_COLUMNS)[number], meaning: string, values = '') => ({
		file: 'participants.csv' as const,
		column,
		meaning,
		values
	});
	const e = (column: (typeof EVENT_COLUMNS)[number], meaning: string, values = '') => ({
		file: 'events.csv' as const,
		column,
		meaning,
		values
	});
	return [
		p(
			'pseudonym',
			'The person in this study: a keyed hash of their record, the same in every export of this study and unrelated to any other study. One row per person.',
			PSEUDONYM_VALUES
		),
		p(
			'age_band',
			`Age in whole years on the day of the first referral, as a band. ${QUASI} A band may be widened to under 35, 35-54 or 55+.`,
			[...AGE_BANDS, ...WIDE_AGE_BANDS.filter((b) => b !== 'unknown'), SUPPRESSED].join('; ')
		),
		p('race_ethnicity', `Race/ethnicity as recorded at referral. ${QUASI}`, listed(RACE_ETHNICITY_LABELS)),
		p(
			'gender',
			`Gender as recorded at referral, in the program's own categories (unknown when not recorded). ${QUASI}`,
			listed({ ...genders, unknown: 'Not recorded' })
		),
		p(
			'neighbourhood',
			`The neighbourhood the first referral names (unknown when none). ${QUASI}`,
			'As the program records them'
		),
		p('pathway', 'The pathway of the first referral.', listed(PATHWAY_LABELS)),
		p('status', 'Where the person is in the program on the day of the export.', listed(STATUS_LABELS)),
		p(
			'exit_reason',
			'Why the person left, when the status is exited; empty otherwise.',
			listed(EXIT_REASON_LABELS)
		),
		p('referral_count', 'Referrals on record, the first included (more than 1: the person re-entered).'),
		p(
			'days_to_assessment',
			'Days from the first referral to the first completed assessment; empty when none was completed.'
		),
		p(
			'days_to_exit',
			'Days from the first referral to the first exit; empty when the person has not exited.'
		),
		e('pseudonym', 'The person, as in participants.csv.', PSEUDONYM_VALUES),
		e(
			'day',
			'Days from the person’s first referral, counted on the program’s local calendar (0: the day of the first referral; below 0 for something recorded as happening before it).'
		),
		e(
			'event',
			'What happened, as one of the kinds below.',
			'referral = a referral (the first on day 0, a later one a re-entry); status_change = a change of status; contact = a police or case-management contact; charging_decision = the prosecutor’s charging decision on a legal matter; goal_met = an intervention-plan goal met'
		),
		e(
			'value',
			'The event’s code: the pathway of a referral, the new status of a status change, the kind of contact, the kind of charging decision, or the domain of the goal met.',
			[
				listed(PATHWAY_LABELS),
				listed(STATUS_LABELS),
				listed(CONTACT_KIND_LABELS),
				listed(CHARGING_DECISION_LABELS),
				listed(GOAL_DOMAIN_LABELS)
			].join('; ')
		)
	];
}

/** The dictionary as the CSV file in the export. */
export function dictionaryCsv(columns: DictionaryColumn[]): string {
	return [
		csvLine(['file', 'column', 'meaning', 'values']),
		...columns.map((c) => csvLine([c.file, c.column, c.meaning, c.values]))
	].join('');
}

/** The rules every export follows, in plain words (the page shows them; README.txt carries them). */
export function exportRules(k: number): string[] {
	return [
		'No name, alias, program code, date of birth, case number, address, note, narrative or other free text is exported; no calendar date either, only days counted from each person’s first referral.',
		'Each person appears once, under a pseudonym that only this study’s exports share. A record the program joined into another record of the same person is part of that record.',
		'Rows are in pseudonym order, which says nothing about when anyone was referred.',
		`Age band, race/ethnicity, gender and neighbourhood together are shared by at least ${k} people in every row (k-anonymity, with k the program’s small-number threshold). Where fewer share them, the row’s neighbourhood is suppressed first, then its age band widened, then its gender, race/ethnicity and age band suppressed, one at a time, only as far as needed; if the rows with everything suppressed are still fewer than ${k}, rows from the largest groups join them.`,
		`When the whole program has fewer than ${k} people, nothing is exported about anyone.`,
		'Cells that a spreadsheet would run as a formula (starting with = + - or @) are written with a leading apostrophe.'
	];
}

export interface ReadmeFacts {
	programName: string;
	studyName: string;
	studyPurpose: string;
	exportedOn: string;
	participants: number;
	events: number;
	protection: Protection;
}

/** README.txt: what the export is, the rules applied, and what they changed in this one. */
export function readmeText(f: ReadmeFacts): string {
	const c = f.protection.changed;
	const lines = [
		`De-identified data for evaluators: ${f.programName}`,
		'',
		`Study: ${f.studyName}`,
		`Purpose: ${f.studyPurpose}`,
		`Exported on: ${f.exportedOn} (UTC)`,
		'',
		'Files (CSV, UTF-8, comma-separated, one header row):',
		`  participants.csv  ${f.participants} people, one row each`,
		`  events.csv        ${f.events} events`,
		'  data-dictionary.csv  every column, its meaning and its values',
		'',
		'Rules applied:',
		...exportRules(f.protection.k).map((rule) => `  - ${rule}`),
		'',
		`What the rules changed in this export (k = ${f.protection.k}):`,
		`  neighbourhood suppressed: ${c.neighbourhood} rows`,
		`  age band widened: ${c.ageWidened} rows`,
		`  gender suppressed: ${c.gender} rows`,
		`  race/ethnicity suppressed: ${c.raceEthnicity} rows`,
		`  age band suppressed: ${c.ageBand} rows`,
		`  rows of larger groups suppressed to make the suppressed group ${f.protection.k} or more: ${f.protection.joined}`,
		`  people left out (the program has fewer than k people): ${f.protection.withheld}`,
		''
	];
	return lines.join('\r\n');
}
