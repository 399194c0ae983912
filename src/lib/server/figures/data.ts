/**
 * The rows the figures are counted from, read once per report in a handful of narrow queries
 * (no per-participant query), so a year of a large program is counted in well under a second.
 * Merged records are left out: their history moved to the record they were merged into.
 */
import { and, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { BEFORE_AFTER_MONTHS, MONTH_MS, type BeforeAfter } from './constants';
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
import type { Window } from './period';

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

export interface FigureData {
	participants: FigureParticipant[];
	referrals: FigureReferral[];
	/** Each person's in the order they were made (ties as stored). */
	statusChanges: FigureStatusChange[];
	/** Contacts, where the store does not count them itself (`caseManagementWhileEnrolled`, `policeBeforeAfter`). */
	contacts: FigureContact[];
	/**
	 * Case-management contacts made while the person was enrolled and active, inside a window,
	 * counted by the store; without it they are counted from `contacts`.
	 */
	caseManagementWhileEnrolled?: (w: Window) => number;
	/** The police-contact figure counted by the store; without it, from `contacts`. */
	policeBeforeAfter?: (w: Window, now: number) => BeforeAfter;
	goals: { domain: GoalDomain; createdAt: number; metAt: number | null }[];
	chargingDecisions: { decision: ChargingDecision; at: number }[];
	/** Staff who referred, with their agency: officer concentration and referrals by agency. */
	staff: Map<string, { name: string; agencyId: string }>;
	agencies: Map<string, string>;
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

/** Everything the figures of the given periods need for one jurisdiction. */
export function loadFigureData(db: Conn, jurisdictionId: string, periods: readonly Window[]): FigureData {
	const dosage = caseManagementWhileEnrolled(db, jurisdictionId, periods);
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
		// Contacts are the largest table: they are counted where they lie, never read as rows.
		contacts: [],
		caseManagementWhileEnrolled: (w) => dosage.get(`${w.from}-${w.to}`) ?? 0,
		policeBeforeAfter: (w, now) => policeBeforeAfter(db, jurisdictionId, w, now),
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
 * Case-management contacts in an enrolled stretch (from one status change to the next) inside
 * each period, counted in one pass where they are stored, by period.
 */
function caseManagementWhileEnrolled(
	db: Conn,
	jurisdictionId: string,
	periods: readonly Window[]
): Map<string, number> {
	const from = Math.min(...periods.map((w) => w.from));
	const to = Math.max(...periods.map((w) => w.to));
	const counted = db.all<{ t: number }>(sql`
		with spells as (
			select s.participant_id, s.to_status, s.created_at as from_at,
				lead(s.created_at) over (partition by s.participant_id order by s.created_at, s.rowid) as to_at
			from ${statusChanges} s join ${participants} p on p.id = s.participant_id
			where p.jurisdiction_id = ${jurisdictionId} and p.merged_into_id is null
		)
		select c.occurred_at as t from spells sp
		join ${contacts} c on c.participant_id = sp.participant_id and c.kind = 'case_management'
			and c.occurred_at >= max(sp.from_at, ${from})
			and c.occurred_at < min(coalesce(sp.to_at, ${to}), ${to})
		where sp.to_status = 'enrolled'`);
	return new Map(
		periods.map((w) => [
			`${w.from}-${w.to}`,
			counted.reduce((n, c) => (c.t >= w.from && c.t < w.to ? n + 1 : n), 0)
		])
	);
}

/**
 * For the people whose enrolment (from outside the program: not a return from inactive) began in
 * the window, the first such enrolment each: police social contacts and new arrests in the six
 * months before it and from it to six months on (or the window's end, or now), with the months.
 */
function policeBeforeAfter(db: Conn, jurisdictionId: string, w: Window, now: number): BeforeAfter {
	const span = BEFORE_AFTER_MONTHS * MONTH_MS;
	const until = Math.min(w.to, now);
	const count = (kind: string, from: SQL, to: SQL) => sql`(select count(*) from ${contacts} c
		where c.participant_id = st.pid and c.kind = ${kind} and c.occurred_at >= ${from} and c.occurred_at < ${to})`;
	const before = [sql`st.at - ${span}`, sql`st.at`] as const;
	const after = [sql`st.at`, sql`min(st.at + ${span}, ${until})`] as const;
	const row = db.get<Record<string, number | null>>(sql`
		with ordered as (
			select s.participant_id as pid, s.to_status as status, s.created_at as at,
				lag(s.to_status) over (partition by s.participant_id order by s.created_at, s.rowid) as prev
			from ${statusChanges} s join ${participants} p on p.id = s.participant_id
			where p.jurisdiction_id = ${jurisdictionId} and p.merged_into_id is null
		),
		starts as (
			select pid, min(at) as at from ordered
			where status = 'enrolled' and (prev is null or prev not in ('enrolled', 'inactive', 'unable_to_locate'))
				and at >= ${w.from} and at < ${w.to}
			group by pid
		)
		select count(*) as people,
			sum(max(0, min(st.at + ${span}, ${until}) - st.at)) as afterMs,
			sum(${count('police_social_contact', ...before)}) as policeContactsBefore,
			sum(${count('police_social_contact', ...after)}) as policeContactsAfter,
			sum(${count('police_new_arrest', ...before)}) as arrestsBefore,
			sum(${count('police_new_arrest', ...after)}) as arrestsAfter
		from starts st`);
	const n = (key: string) => Number(row?.[key] ?? 0);
	return {
		people: n('people'),
		beforeMonths: n('people') * BEFORE_AFTER_MONTHS,
		afterMonths: n('afterMs') / MONTH_MS,
		policeContactsBefore: n('policeContactsBefore'),
		policeContactsAfter: n('policeContactsAfter'),
		arrestsBefore: n('arrestsBefore'),
		arrestsAfter: n('arrestsAfter')
	};
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
