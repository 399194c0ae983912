/**
 * The records the figures are counted from, read once per report: one pass over the program's
 * people with each one's history, and one count of contacts (the largest table, never read as
 * rows). Merged records are left out: their history moved to the record they were merged into.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { BEFORE_AFTER_MONTHS, FIGURE_CONTACT_KINDS, MONTH_MS, type FigureContactKind } from './constants';
import type { Window } from './period';
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
export type FigureContacts = Record<FigureContactKind, number[]>;

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
	to: ParticipantStatus;
	exitReason: ExitReason | null;
	at: number;
}

export interface FigureData {
	participants: FigureParticipant[];
	referrals: FigureReferral[];
	goals: { domain: GoalDomain; createdAt: number; metAt: number | null }[];
	chargingDecisions: { decision: ChargingDecision; at: number }[];
	/** Staff who referred, with their agency: officer concentration and referrals by agency. */
	staff: Map<string, { name: string; agencyId: string }>;
	agencies: Map<string, string>;
}

type Row = [
	id: string,
	race: string | null,
	gender: string | null,
	caseManagerUserId: string | null,
	status: ParticipantStatus,
	createdAt: number,
	changes: string,
	referrals: string,
	goals: string,
	decisions: string,
	/** Contact times, one JSON array per kind in FIGURE_CONTACT_KINDS. */
	...contacts: string[]
];

/**
 * What the figures of periods starting at `since` or later need for one jurisdiction, in one pass
 * over its people (in the order of their ids): each row carries the person's status changes (all
 * of them: retention and the status at a period's end need the whole history), and the referrals,
 * plan goals and charging decisions that can count from `since` on (a referral made, assessed or
 * due then), as small JSON arrays, so the store walks each person's records once and far fewer
 * rows cross into the board. Each person's records arrive in the order of their index (by time)
 * and are put in time order again here, keeping ties as stored, rather than sorted by the store
 * for every person. Times are stored as milliseconds.
 */
export function loadFigureData(db: Conn, jurisdictionId: string, span: Window): FigureData {
	const since = span.from;
	const contactsFrom = span.from - BEFORE_AFTER_MONTHS * MONTH_MS;
	const times = (kind: FigureContactKind) => sql`(select json_group_array(c.occurred_at) from ${contacts} c
		where c.participant_id = p.id and c.kind = ${kind} and c.occurred_at >= ${contactsFrom} and c.occurred_at < ${span.to})`;
	const rows = db.values<Row>(sql`
		with p as materialized (
			select id, race_ethnicity, gender, case_manager_user_id, status, created_at
			from ${participants}
			where jurisdiction_id = ${jurisdictionId} and merged_into_id is null
			order by id)
		select p.id, p.race_ethnicity, p.gender, p.case_manager_user_id, p.status, p.created_at,
			(select json_group_array(json_object('to', s.to_status, 'exitReason', s.exit_reason, 'at', s.created_at))
				from ${statusChanges} s where s.participant_id = p.id),
			(select json_group_array(json_array(r.pathway, r.occurred_at, r.referring_user_id, r.assessment_due_at,
					r.assessment_completed_at, r.deadline_outcome, e.result, e.overridden_at is not null))
				from ${referrals} r left join ${eligibilityScreenings} e on e.referral_id = r.id
				where r.participant_id = p.id and max(r.occurred_at,
					coalesce(r.assessment_completed_at, 0), coalesce(r.assessment_due_at, 0)) >= ${since}),
			(select json_group_array(json_array(g.domain, g.created_at, g.met_at))
				from ${planGoals} g where g.participant_id = p.id and (g.created_at >= ${since} or g.met_at >= ${since})),
			(select json_group_array(json_array(m.charging_decision, m.charging_decision_at))
				from ${legalMatters} m where m.participant_id = p.id and m.charging_decision_at >= ${since}),
			${sql.join(
				FIGURE_CONTACT_KINDS.map((kind) => times(kind)),
				sql`, `
			)}
		from p`);
	const data: FigureData = {
		participants: [],
		referrals: [],
		goals: [],
		chargingDecisions: [],
		...loadStaff(db, jurisdictionId)
	};
	const list = <T>(json: string): T[] => (json === '[]' ? [] : JSON.parse(json));
	for (const [
		id,
		race,
		gender,
		caseManagerUserId,
		status,
		createdAt,
		changes,
		referrals,
		goals,
		decisions,
		...contactTimes
	] of rows) {
		data.participants.push({
			id,
			race,
			gender,
			caseManagerUserId,
			status,
			createdAt,
			changes: list<FigureStatusChange>(changes).sort((a, b) => a.at - b.at),
			contacts: Object.fromEntries(
				FIGURE_CONTACT_KINDS.map((kind, i) => [kind, list<number>(contactTimes[i]).sort((a, b) => a - b)])
			) as FigureContacts
		});
		for (const r of list<ReferralRow>(referrals).sort((a, b) => a[1] - b[1])) {
			const [pathway, at, referrerId, dueAt, completedAt, deadlineOutcome, screening, overridden] = r;
			data.referrals.push({
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
		for (const [domain, createdAt, metAt] of list<[GoalDomain, number, number | null]>(goals))
			data.goals.push({ domain, createdAt, metAt });
		for (const [decision, at] of list<[ChargingDecision, number]>(decisions))
			data.chargingDecisions.push({ decision, at });
	}
	return data;
}

type ReferralRow = [
	ReferralPathway,
	number,
	string,
	number | null,
	number | null,
	DeadlineOutcome | null,
	'eligible' | 'ineligible' | null,
	0 | 1
];

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
