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
	for (let after = ''; ;) {
		const rows = db.values<Row>(sql`
			select p.id, p.race_ethnicity, p.gender, p.case_manager_user_id, p.status, p.created_at, h.doc
			from ${participants} p left join ${participantFigureHistory} h on h.participant_id = p.id
			where p.jurisdiction_id = ${jurisdictionId} and p.merged_into_id is null and p.id > ${after}
			order by p.id limit ${PAGE}`);
		for (let i = 0; i < rows.length; i++) addPerson(data, rows[i], since);
		if (rows.length < PAGE) break;
		after = rows[rows.length - 1][0];
	}
	return data;
}

const PAGE = 1_000;

/** One person's row: their record, and the history that can count from `since`. */
function addPerson(data: FigureData, row: Row, since: number) {
	const id = row[0];
	const doc: FigureHistoryDoc = row[6] === null ? EMPTY_HISTORY : JSON.parse(row[6]);
	const changes: FigureStatusChange[] = [];
	for (let k = 0; k < doc.changes.length; k++) {
		const [to, exitReason, at] = doc.changes[k];
		changes.push({ to, exitReason, at });
	}
	data.participants.push({
		id,
		race: row[1],
		gender: row[2],
		caseManagerUserId: row[3],
		status: row[4],
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
			pathway,
			at,
			referrerId,
			dueAt,
			completedAt,
			deadlineOutcome,
			screening,
			overridden: overridden === 1
		});
	}
	data.referrals.push(...inTimeOrder(referrals));
	for (let k = 0; k < doc.goals.length; k++) {
		const [domain, createdAt, metAt] = doc.goals[k];
		if (createdAt >= since || (metAt !== null && metAt >= since))
			data.goals.push({ domain, createdAt, metAt });
	}
	for (let k = 0; k < doc.decisions.length; k++) {
		const [decision, at] = doc.decisions[k];
		if (at >= since) data.chargingDecisions.push({ decision, at });
	}
}

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
 * Comma-separated whole milliseconds as sorted numbers, read in place: a program's contacts are
 * its most numerous records, and an array of them as separate numbers would be most of what the
 * figures leave for the garbage collector.
 */
export function timesOf(text: string): Float64Array {
	if (text === '') return new Float64Array(0);
	let n = 1;
	for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === COMMA) n++;
	const times = new Float64Array(n);
	let k = 0;
	let value = 0;
	let sign = 1;
	for (let i = 0; i <= text.length; i++) {
		const c = i < text.length ? text.charCodeAt(i) : COMMA;
		if (c === COMMA) {
			times[k++] = sign * value;
			value = 0;
			sign = 1;
		} else if (c === MINUS) sign = -1;
		else value = value * 10 + (c - ZERO);
	}
	for (let i = 1; i < n; i++) if (times[i] < times[i - 1]) return times.sort();
	return times;
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
