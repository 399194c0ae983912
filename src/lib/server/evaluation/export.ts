/**
 * The de-identified export of a program for one evaluation study, built without HTTP (the export
 * route and the benchmark both call it): participants.csv (one row per person under the study's
 * pseudonym, with age band instead of date of birth and k-anonymous quasi-identifiers),
 * events.csv (coded events as days from each person's first referral), the data dictionary and
 * a README with the rules applied, zipped.
 */
import { strToU8, zipSync } from 'fflate';
import type { Conn } from '../db';
import { programOf } from '../program/settings';
import { csvLine } from '../../shared/csv';
import { ageBand, ageOn } from './age-bands';
import { localDayCounter } from '../../shared/zoned';
import { dataDictionary, dictionaryCsv, EVENT_COLUMNS, PARTICIPANT_COLUMNS, readmeText } from './dictionary';
import { EXPORT_EVENTS, readProgramFacts, type EventFacts, type ProgramFacts } from './facts';
import { protectRows, type Protection, type QuasiIdentifiers } from './k-anonymity';
import { pseudonymOf } from './pseudonyms';
import { loadStudy } from './studies';

const DAY_MS = 86_400_000;
const UNKNOWN = 'unknown';

export interface ExportCounts {
	participants: number;
	events: number;
	protection: Protection;
}

export interface EvaluationExport {
	zip: Uint8Array<ArrayBuffer>;
	counts: ExportCounts;
	/** A file name for the download: the study's name and the day, nothing about anyone. */
	filename: string;
}

interface ParticipantRow extends QuasiIdentifiers {
	pseudonym: string;
	id: string;
	pathway: string;
	status: string;
	exitReason: string;
	referralCount: number;
	daysToAssessment: number | null;
	daysToExit: number | null;
}

/** Builds a study's export of the program's records as they stand now. */
export function buildEvaluationExport(
	db: Conn,
	{ jurisdictionId, studyId, now = new Date() }: { jurisdictionId: string; studyId: string; now?: Date }
): EvaluationExport {
	const study = loadStudy(db, jurisdictionId, studyId);
	const program = programOf(db, jurisdictionId);
	const facts = readProgramFacts(db, jurisdictionId);
	const dayOf = localDayCounter(program.timezone);
	const people = participantRows(facts, dayOf, (id) => pseudonymOf(study.secret, id));
	const k = program.settings.smallNumberThreshold;
	const { rows, protection } = protectRows(people.rows, k);
	const events = eventLines(facts.events, rows, people.anchorDays, dayOf);
	const exportedOn = now.toISOString().slice(0, 10);
	const files = {
		'participants.csv': participantsCsv(rows),
		'events.csv': events.csv,
		'data-dictionary.csv': dictionaryCsv(dataDictionary(program.settings)),
		'README.txt': readmeText({
			programName: program.name,
			studyName: study.name,
			studyPurpose: study.purpose,
			exportedOn,
			participants: rows.length,
			events: events.count,
			protection
		})
	};
	const zip = zipSync(
		Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])),
		{ level: 1, mtime: now }
	);
	return {
		zip,
		counts: { participants: rows.length, events: events.count, protection },
		filename: `evaluation-${fileSlug(study.name)}-${exportedOn.replaceAll('-', '')}.zip`
	};
}

/** One row per person, in pseudonym order (which says nothing of who came first). */
function participantRows(
	facts: ProgramFacts,
	dayOf: (ms: number) => number,
	pseudonym: (id: string) => string
): { rows: ParticipantRow[]; anchorDays: Map<string, number> } {
	const referralsOf = groupBy(facts.referrals, (r) => r.participantId);
	const firstExit = (id: string) => {
		const exits = (facts.events.get(id) ?? []).filter(
			(e) => e.event === 'status_change' && e.value === 'exited'
		);
		return exits.length ? Math.min(...exits.map((e) => e.at)) : undefined;
	};
	const neighbourhood = neighbourhoodNames(facts);
	const anchorDays = new Map<string, number>();
	const rows = facts.people.map((person): ParticipantRow => {
		const referrals = referralsOf.get(person.id) ?? [];
		const first = referrals[0];
		const anchor = dayOf(first?.at ?? person.createdAt);
		anchorDays.set(person.id, anchor);
		const completed = referrals
			.map((r) => r.assessmentCompletedAt)
			.filter((at): at is number => at !== null && at !== undefined);
		const exitAt = firstExit(person.id);
		return {
			pseudonym: pseudonym(person.id),
			id: person.id,
			ageBand: ageBand(ageOn(person.dateOfBirth, isoDay(anchor))),
			raceEthnicity: person.raceEthnicity ?? UNKNOWN,
			gender: person.gender ?? UNKNOWN,
			neighbourhood: neighbourhood(first?.neighbourhood ?? null),
			pathway: first?.pathway ?? '',
			status: person.status,
			exitReason: person.status === 'exited' ? (person.exitReason ?? '') : '',
			referralCount: referrals.length,
			daysToAssessment: completed.length ? dayOf(Math.min(...completed)) - anchor : null,
			daysToExit: exitAt === undefined ? null : dayOf(exitAt) - anchor
		};
	});
	rows.sort((a, b) => (a.pseudonym < b.pseudonym ? -1 : a.pseudonym > b.pseudonym ? 1 : 0));
	return { rows, anchorDays };
}

/**
 * Neighbourhoods as typed on referrals, read as one place whatever their case and spacing
 * ("Belltown", " belltown "), each shown in the spelling most referrals use.
 */
function neighbourhoodNames(facts: ProgramFacts): (typed: string | null) => string {
	const key = (typed: string | null) => (typed ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
	const spellings = new Map<string, Map<string, number>>();
	for (const r of facts.referrals) {
		const k = key(r.neighbourhood);
		if (!k) continue;
		const spelled = r.neighbourhood!.trim().replace(/\s+/g, ' ');
		const counts = spellings.get(k) ?? new Map<string, number>();
		counts.set(spelled, (counts.get(spelled) ?? 0) + 1);
		spellings.set(k, counts);
	}
	const shown = new Map<string, string>();
	for (const [k, counts] of spellings) {
		const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
		shown.set(k, best[0]);
	}
	return (typed) => shown.get(key(typed)) ?? UNKNOWN;
}

function participantsCsv(rows: ParticipantRow[]): string {
	const lines = [csvLine(PARTICIPANT_COLUMNS)];
	for (const r of rows) {
		lines.push(
			csvLine([
				r.pseudonym,
				r.ageBand,
				r.raceEthnicity,
				r.gender,
				r.neighbourhood,
				r.pathway,
				r.status,
				r.exitReason,
				r.referralCount,
				r.daysToAssessment,
				r.daysToExit
			])
		);
	}
	return lines.join('');
}

const EVENT_ORDER = new Map<string, number>(EXPORT_EVENTS.map((e, i) => [e, i]));
const byTime = (a: EventFacts, b: EventFacts) =>
	a.at - b.at || EVENT_ORDER.get(a.event)! - EVENT_ORDER.get(b.event)!;

/** The events of the exported people, person by person in pseudonym order, each as days from the first referral. */
function eventLines(
	eventsOf: Map<string, EventFacts[]>,
	rows: ParticipantRow[],
	anchorDays: Map<string, number>,
	dayOf: (ms: number) => number
): { csv: string; count: number } {
	const lines = [csvLine(EVENT_COLUMNS)];
	for (const row of rows) {
		const own = eventsOf.get(row.id);
		if (!own) continue;
		const anchor = anchorDays.get(row.id)!;
		own.sort(byTime);
		for (const e of own) lines.push(csvLine([row.pseudonym, dayOf(e.at) - anchor, e.event, e.value]));
	}
	return { csv: lines.join(''), count: lines.length - 1 };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const key = keyOf(item);
		const group = groups.get(key);
		if (group) group.push(item);
		else groups.set(key, [item]);
	}
	return groups;
}

const isoDay = (dayNumber: number) => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);

function fileSlug(name: string): string {
	return (
		name
			.toLowerCase()
			.normalize('NFD')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 40) || 'study'
	);
}
