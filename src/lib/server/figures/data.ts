/**
 * The records the figures are counted from, read once per report: one row per person of the
 * program, with the history the store keeps for them. Merged records are left out: their history
 * moved to the record they were merged into.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { FigureContactKind } from './constants';
import type { Window } from './period';
import type { Conn } from '../db';
import { agencies, participantFigureHistory, user } from '../db/schema';
import {
	participants,
	type ChargingDecision,
	type DeadlineOutcome,
	type ExitReason,
	type GoalDomain,
	type ParticipantStatus,
	type ReferralPathway
} from '../db/participants.schema';

export interface FigureParticipant {
	id: string;
	race: string | null;
	gender: string | null;
	caseManagerUserId: string | null;
	status: ParticipantStatus;
	createdAt: number;
	/** The person's status changes in the order they were made (ties as stored). */
	changes: FigureStatusChange[];
	/** When the person's contacts of the kinds the figures count happened, in order. */
	contacts: FigureContacts;
}

/** Contact times by kind, for the kinds the figures count. */
export type FigureContacts = Record<FigureContactKind, ArrayLike<number>>;

export interface FigureReferral {
	participantId: string;
	pathway: ReferralPathway;
	at: number;
	referrerId: string;
	dueAt: number | null;
	completedAt: number | null;
	deadlineOutcome: DeadlineOutcome | null;
	screening: 'eligible' | 'ineligible' | null;
	overridden: boolean;
}

export interface FigureGoal {
	domain: GoalDomain;
	createdAt: number;
	metAt: number | null;
}

export interface FigureDecision {
	decision: ChargingDecision;
	at: number;
}

export interface FigureStatusChange {
	to: ParticipantStatus;
	exitReason: ExitReason | null;
	at: number;
}

export interface FigureData {
	participants: FigureParticipant[];
	referrals: FigureReferral[];
	goals: FigureGoal[];
	chargingDecisions: FigureDecision[];
	/** Staff who referred, with their agency: officer concentration and referrals by agency. */
	staff: Map<string, { name: string; agencyId: string }>;
	agencies: Map<string, string>;
}

/**
 * A person's history as the store keeps it (`participant_figure_history`, rebuilt by triggers
 * whenever one of the records it reads is written): every status change, referral (with its
 * screening), plan goal and charging decision, and the times of the contacts the figures count.
 */
interface FigureHistoryDoc {
	changes: [to: ParticipantStatus, exitReason: ExitReason | null, at: number][];
	referrals: [
		pathway: ReferralPathway,
		at: number,
		referrerId: string,
		dueAt: number | null,
		completedAt: number | null,
		deadlineOutcome: DeadlineOutcome | null,
		screening: 'eligible' | 'ineligible' | null,
		overridden: 0 | 1
	][];
	goals: [domain: GoalDomain, createdAt: number, metAt: number | null][];
	decisions: [decision: ChargingDecision, at: number][];
	/** Times as comma-separated text, by kind. */
	contacts: Record<FigureContactKind, string>;
}

type Row = [
	id: string,
	race: string | null,
	gender: string | null,
	caseManagerUserId: string | null,
	status: ParticipantStatus,
	createdAt: number,
	doc: string | null
];

/**
 * What the figures of periods within `span` need for one jurisdiction: one row per person, with
 * the history the store keeps for them. Status changes are kept whole (retention and the status at
 * a period's end need all of them); referrals, plan goals and charging decisions only when they
 * can count from the span's start (a referral made, assessed or due then); and every time of a
 * contact of the counted kinds (the counts look them up by range). Each person's records are put
 * in time order, keeping ties as stored. Times are stored as milliseconds. A program's history is
 * large, so this reads it with as little left over for the garbage collector as it can: indexed
 * loops, and sorting only what is out of order.
 */
export function loadFigureData(db: Conn, jurisdictionId: string, span: Window): FigureData {
	const since = span.from;
	const data: FigureData = {
		participants: [],
		referrals: [],
		goals: [],
		chargingDecisions: [],
		...loadStaff(db, jurisdictionId)
	};
	// A page at a time, so the text of the pages already read is garbage early, not carried along.
	const same = sharedStrings();
	for (let after = ''; ;) {
		const rows = db.values<Row>(sql`
			select p.id, p.race_ethnicity, p.gender, p.case_manager_user_id, p.status, p.created_at, h.doc
			from ${participants} p left join ${participantFigureHistory} h on h.participant_id = p.id
			where p.jurisdiction_id = ${jurisdictionId} and p.merged_into_id is null and p.id > ${after}
			order by p.id limit ${PAGE}`);
		for (let i = 0; i < rows.length; i++) addPerson(data, rows[i], since, same);
		if (rows.length < PAGE) break;
		after = rows[rows.length - 1][0];
	}
	return data;
}

const PAGE = 1_000;

/** One person's row: their record, and the history that can count from `since`. */
function addPerson(data: FigureData, row: Row, since: number, same: Shared) {
	const id = row[0];
	const doc: FigureHistoryDoc = row[6] === null ? EMPTY_HISTORY : JSON.parse(row[6]);
	const changes: FigureStatusChange[] = [];
	for (let k = 0; k < doc.changes.length; k++) {
		const [to, exitReason, at] = doc.changes[k];
		changes.push({ to: same(to), exitReason: same(exitReason), at });
	}
	data.participants.push({
		id,
		race: same(row[1]),
		gender: same(row[2]),
		caseManagerUserId: same(row[3]),
		status: same(row[4]),
		createdAt: row[5],
		changes: inTimeOrder(changes),
		contacts: {
			case_management: timesOf(doc.contacts.case_management),
			police_social_contact: timesOf(doc.contacts.police_social_contact),
			police_new_arrest: timesOf(doc.contacts.police_new_arrest)
		}
	});
	const referrals: FigureReferral[] = [];
	for (let k = 0; k < doc.referrals.length; k++) {
		const [pathway, at, referrerId, dueAt, completedAt, deadlineOutcome, screening, overridden] =
			doc.referrals[k];
		if (Math.max(at, completedAt ?? 0, dueAt ?? 0) < since) continue;
		referrals.push({
			participantId: id,
			pathway: same(pathway),
			at,
			referrerId: same(referrerId),
			dueAt,
			completedAt,
			deadlineOutcome: same(deadlineOutcome),
			screening: same(screening),
			overridden: overridden === 1
		});
	}
	data.referrals.push(...inTimeOrder(referrals));
	for (let k = 0; k < doc.goals.length; k++) {
		const [domain, createdAt, metAt] = doc.goals[k];
		if (createdAt >= since || (metAt !== null && metAt >= since))
			data.goals.push({ domain: same(domain), createdAt, metAt });
	}
	for (let k = 0; k < doc.decisions.length; k++) {
		const [decision, at] = doc.decisions[k];
		if (at >= since) data.chargingDecisions.push({ decision: same(decision), at });
	}
}

/** One string for each value repeated across a program's records (statuses, kinds, staff ids). */
type Shared = <T extends string | null>(value: T) => T;

/**
 * The store hands back a new string for every value of every row; the figures keep tens of
 * thousands of them for the length of a report. Keeping one of each leaves the rest as garbage
 * that dies young, which costs the collector nothing.
 */
function sharedStrings(): Shared {
	const seen = new Map<string, string>();
	return <T extends string | null>(value: T): T => {
		if (value === null) return value;
		const kept = seen.get(value);
		if (kept !== undefined) return kept as T;
		seen.set(value, value);
		return value;
	};
}

/** Shared by everyone without contacts of a kind (most people, for police contacts). */
const NO_TIMES: readonly number[] = Object.freeze([]);

/** Records in time order, ties as stored; most arrive in order already and are not copied. */
function inTimeOrder<T extends { at: number }>(records: T[]): T[] {
	for (let i = 1; i < records.length; i++) {
		if (records[i].at < records[i - 1].at) return records.sort((a, b) => a.at - b.at);
	}
	return records;
}

const EMPTY_HISTORY: FigureHistoryDoc = {
	changes: [],
	referrals: [],
	goals: [],
	decisions: [],
	contacts: { case_management: '', police_social_contact: '', police_new_arrest: '' }
};

/**
 * Comma-separated whole milliseconds as numbers in order, read in place: a program's contacts are
 * its most numerous records, and reading them through a JSON array would make a number object for
 * each before the array of plain numbers the counts keep.
 */
export function timesOf(text: string): readonly number[] {
	if (text === '') return NO_TIMES;
	const times: number[] = [];
	let value = 0;
	let sign = 1;
	let sorted = true;
	for (let i = 0; i <= text.length; i++) {
		const c = i < text.length ? text.charCodeAt(i) : COMMA;
		if (c === COMMA) {
			const at = sign * value;
			if (times.length && at < times[times.length - 1]) sorted = false;
			times.push(at);
			value = 0;
			sign = 1;
		} else if (c === MINUS) sign = -1;
		else value = value * 10 + (c - ZERO);
	}
	return sorted ? times : times.sort((a, b) => a - b);
}

const COMMA = 44;
const MINUS = 45;
const ZERO = 48;

function loadStaff(db: Conn, jurisdictionId: string): Pick<FigureData, 'staff' | 'agencies'> {
	const agencyRows = db
		.select({ id: agencies.id, name: agencies.name })
		.from(agencies)
		.where(eq(agencies.jurisdictionId, jurisdictionId))
		.all();
	const people = agencyRows.length
		? db
				.select({ id: user.id, name: user.name, agencyId: user.agencyId })
				.from(user)
				.where(
					inArray(
						user.agencyId,
						agencyRows.map((a) => a.id)
					)
				)
				.all()
		: [];
	return {
		staff: new Map(people.map((p) => [p.id, { name: p.name, agencyId: p.agencyId }])),
		agencies: new Map(agencyRows.map((a) => [a.id, a.name]))
	};
}
