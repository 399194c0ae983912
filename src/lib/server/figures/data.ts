/**
 * The rows the figures are counted from, read once per report in a handful of narrow queries
 * (no per-participant query), so a year of a large program is counted in well under a second.
 * Merged records are left out: their history moved to the record they were merged into.
 */
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
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

/** A stretch of one person's time: from (included) to (not included). */
export interface Stretch {
	participantId: string;
	from: number;
	to: number;
}

export interface FigureData {
	participants: FigureParticipant[];
	referrals: FigureReferral[];
	/** Each person's in the order they were made (ties as stored). */
	statusChanges: FigureStatusChange[];
	/** Contacts as rows, where the store does not count them itself (`countContacts`). */
	contacts: FigureContact[];
	/**
	 * Contacts of these kinds inside the stretches of time given, counted where they are stored
	 * (contacts are the largest table: they are never read as rows for the figures).
	 */
	countContacts?: <K extends ContactKind>(stretches: Stretch[], kinds: readonly K[]) => Record<K, number>;
	goals: { domain: GoalDomain; createdAt: number; metAt: number | null }[];
	chargingDecisions: { decision: ChargingDecision; at: number }[];
	/** Staff who referred, with their agency: officer concentration and referrals by agency. */
	staff: Map<string, { name: string; agencyId: string }>;
	agencies: Map<string, string>;
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

/** Everything the figures of the given periods need for one jurisdiction. */
export function loadFigureData(db: Conn, jurisdictionId: string): FigureData {
	const live = and(eq(participants.jurisdictionId, jurisdictionId), isNull(participants.mergedIntoId));
	const people = db
		.select({
			id: participants.id,
			race: participants.raceEthnicity,
			gender: participants.gender,
			caseManagerUserId: participants.caseManagerUserId,
			status: participants.status,
			createdAt: participants.createdAt
		})
		.from(participants)
		.where(live)
		.all()
		.map((p) => ({ ...p, createdAt: p.createdAt.getTime() }));
	return {
		participants: people,
		referrals: loadReferrals(db, jurisdictionId),
		statusChanges: db.all<FigureStatusChange>(sql`
			select s.participant_id as participantId, s.to_status as "to", s.exit_reason as exitReason, s.created_at as at
			from ${statusChanges} s join ${participants} p on p.id = s.participant_id
			where p.jurisdiction_id = ${jurisdictionId} and p.merged_into_id is null`),
		contacts: [],
		countContacts: (stretches, kinds) => countContacts(db, stretches, kinds),
		goals: db
			.select({ domain: planGoals.domain, createdAt: planGoals.createdAt, metAt: planGoals.metAt })
			.from(planGoals)
			.innerJoin(participants, eq(participants.id, planGoals.participantId))
			.where(live)
			.all()
			.map((g) => ({ domain: g.domain, createdAt: g.createdAt.getTime(), metAt: ms(g.metAt) })),
		chargingDecisions: db
			.select({ decision: legalMatters.chargingDecision, at: legalMatters.chargingDecisionAt })
			.from(legalMatters)
			.innerJoin(participants, eq(participants.id, legalMatters.participantId))
			.where(and(live, isNotNull(legalMatters.chargingDecisionAt)))
			.all()
			.map((d) => ({ decision: d.decision, at: d.at!.getTime() })),
		...loadStaff(db, jurisdictionId)
	};
}

/**
 * Contacts of the given kinds inside each stretch, counted by the store: the stretches go in as
 * one JSON array and each is an index range on (person, kind, time).
 */
function countContacts<K extends ContactKind>(
	db: Conn,
	stretches: Stretch[],
	kinds: readonly K[]
): Record<K, number> {
	const out = Object.fromEntries(kinds.map((k) => [k, 0])) as Record<K, number>;
	if (!stretches.length) return out;
	const json = JSON.stringify(stretches.map((s) => [s.participantId, s.from, s.to]));
	const rows = db.all<{ kind: K; n: number }>(sql`
		select c.kind as kind, count(*) as n
		from json_each(${json}) j
		join ${contacts} c on c.participant_id = j.value ->> 0
			and c.kind in (${sql.join(
				kinds.map((k) => sql`${k}`),
				sql`, `
			)})
			and c.occurred_at >= j.value ->> 1 and c.occurred_at < j.value ->> 2
		group by c.kind`);
	for (const r of rows) out[r.kind] = r.n;
	return out;
}

function loadReferrals(db: Conn, jurisdictionId: string): FigureReferral[] {
	const rows = db
		.select({
			participantId: referrals.participantId,
			pathway: referrals.pathway,
			at: referrals.occurredAt,
			referrerId: referrals.referringUserId,
			dueAt: referrals.assessmentDueAt,
			completedAt: referrals.assessmentCompletedAt,
			deadlineOutcome: referrals.deadlineOutcome,
			screening: eligibilityScreenings.result,
			overriddenAt: eligibilityScreenings.overriddenAt
		})
		.from(referrals)
		.innerJoin(participants, eq(participants.id, referrals.participantId))
		.leftJoin(eligibilityScreenings, eq(eligibilityScreenings.referralId, referrals.id))
		.where(and(eq(participants.jurisdictionId, jurisdictionId), isNull(participants.mergedIntoId)))
		.orderBy(referrals.participantId, referrals.occurredAt)
		.all();
	return rows.map((r) => ({
		participantId: r.participantId,
		pathway: r.pathway,
		at: r.at.getTime(),
		referrerId: r.referrerId,
		dueAt: ms(r.dueAt),
		completedAt: ms(r.completedAt),
		deadlineOutcome: r.deadlineOutcome,
		screening: r.screening,
		overridden: r.overriddenAt !== null
	}));
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
