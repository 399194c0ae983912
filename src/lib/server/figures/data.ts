/**
 * The rows the figures are counted from, read once per report in a handful of narrow queries
 * (no per-participant query), so a year of a large program is counted in well under a second.
 * Merged records are left out: their history moved to the record they were merged into.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Conn } from '../db';
import { agencies, user } from '../db/schema';
import {
	contacts,
	eligibilityScreenings,
	legalMatters,
	participants,
	planGoals,
	referrals,
	statusChanges,
	type ChargingDecision,
	type ContactKind,
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
}

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

export interface FigureStatusChange {
	participantId: string;
	to: ParticipantStatus;
	exitReason: ExitReason | null;
	at: number;
}

export interface FigureContact {
	participantId: string;
	kind: ContactKind;
	at: number;
}

/**
 * Contacts of one kind between `from` (included) and `to` (not included), counted apart before
 * and from `split`: one index range answers both halves (before and after enrolment, the period
 * before and this one). Ranges with the same label are added up together.
 */
export interface ContactRange {
	participantId: string;
	kind: ContactKind;
	from: number;
	split: number;
	to: number;
	label: string;
}

/** Per label: contacts before the split, and from it on. */
export type ContactTally = Map<string, { before: number; after: number }>;

export interface FigureData {
	participants: FigureParticipant[];
	referrals: FigureReferral[];
	/** Each person's in the order they were made (ties as stored). */
	statusChanges: FigureStatusChange[];
	/** Contacts as rows, where the store does not count them itself (`countContacts`). */
	contacts: FigureContact[];
	/**
	 * Counts contacts in ranges where they are stored (contacts are the largest table: they are
	 * never read as rows for the figures).
	 */
	countContacts?: (ranges: ContactRange[]) => ContactTally;
	goals: { domain: GoalDomain; createdAt: number; metAt: number | null }[];
	chargingDecisions: { decision: ChargingDecision; at: number }[];
	/** Staff who referred, with their agency: officer concentration and referrals by agency. */
	staff: Map<string, { name: string; agencyId: string }>;
	agencies: Map<string, string>;
}

/**
 * Everything the figures of the given periods need for one jurisdiction. Rows are read as plain
 * values (times are stored as milliseconds), which keeps a large program's read short.
 */
export function loadFigureData(db: Conn, jurisdictionId: string): FigureData {
	const live = sql`p.jurisdiction_id = ${jurisdictionId} and p.merged_into_id is null`;
	const people = db.values<
		[string, string | null, string | null, string | null, ParticipantStatus, number]
	>(sql`
		select p.id, p.race_ethnicity, p.gender, p.case_manager_user_id, p.status, p.created_at
		from ${participants} p where ${live}`);
	const referralRows = db.values<
		[
			string,
			ReferralPathway,
			number,
			string,
			number | null,
			number | null,
			DeadlineOutcome | null,
			'eligible' | 'ineligible' | null,
			number | null
		]
	>(sql`
		select r.participant_id, r.pathway, r.occurred_at, r.referring_user_id, r.assessment_due_at,
			r.assessment_completed_at, r.deadline_outcome, e.result, e.overridden_at
		from ${referrals} r join ${participants} p on p.id = r.participant_id
		left join ${eligibilityScreenings} e on e.referral_id = r.id
		where ${live} order by r.participant_id, r.occurred_at`);
	const changes = db.values<[string, ParticipantStatus, ExitReason | null, number]>(sql`
		select s.participant_id, s.to_status, s.exit_reason, s.created_at
		from ${statusChanges} s join ${participants} p on p.id = s.participant_id where ${live}`);
	const goals = db.values<[GoalDomain, number, number | null]>(sql`
		select g.domain, g.created_at, g.met_at
		from ${planGoals} g join ${participants} p on p.id = g.participant_id where ${live}`);
	const decisions = db.values<[ChargingDecision, number]>(sql`
		select m.charging_decision, m.charging_decision_at
		from ${legalMatters} m join ${participants} p on p.id = m.participant_id
		where ${live} and m.charging_decision_at is not null`);
	return {
		participants: people.map(([id, race, gender, caseManagerUserId, status, createdAt]) => ({
			id,
			race,
			gender,
			caseManagerUserId,
			status,
			createdAt
		})),
		referrals: referralRows.map(
			([
				participantId,
				pathway,
				at,
				referrerId,
				dueAt,
				completedAt,
				deadlineOutcome,
				screening,
				overriddenAt
			]) => ({
				participantId,
				pathway,
				at,
				referrerId,
				dueAt,
				completedAt,
				deadlineOutcome,
				screening,
				overridden: overriddenAt !== null
			})
		),
		statusChanges: changes.map(([participantId, to, exitReason, at]) => ({
			participantId,
			to,
			exitReason,
			at
		})),
		contacts: [],
		countContacts: (ranges) => countContacts(db, ranges),
		goals: goals.map(([domain, createdAt, metAt]) => ({ domain, createdAt, metAt })),
		chargingDecisions: decisions.map(([decision, at]) => ({ decision, at })),
		...loadStaff(db, jurisdictionId)
	};
}

/**
 * Contacts inside each range, counted by the store in one query: the ranges go in as one JSON
 * array (labels as numbers, in the order of the index, so the array stays small and the index is
 * walked forwards), are unpacked once, and each is one index range on (person, kind, time).
 */
function countContacts(db: Conn, ranges: ContactRange[]): ContactTally {
	const tally: ContactTally = new Map();
	if (!ranges.length) return tally;
	const labels = [...new Set(ranges.map((r) => r.label))];
	const number = new Map(labels.map((l, i) => [l, i]));
	const json = JSON.stringify(
		[...ranges]
			.sort((a, b) => (a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0))
			.map((r) => [r.participantId, r.kind, r.from, r.split, r.to, number.get(r.label)])
	);
	const rows = db.values<[number, number, number]>(sql`
		with r as materialized (
			select value ->> 0 as participant_id, value ->> 1 as kind, value ->> 2 as "from",
				value ->> 3 as split, value ->> 4 as "to", value ->> 5 as label
			from json_each(${json}))
		select r.label, sum(c.occurred_at < r.split), count(*)
		from r join ${contacts} c on c.participant_id = r.participant_id and c.kind = r.kind
			and c.occurred_at >= r."from" and c.occurred_at < r."to"
		group by r.label`);
	for (const [label, before, all] of rows) tally.set(labels[label], { before, after: all - before });
	return tally;
}

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
