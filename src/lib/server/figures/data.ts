/**
 * The rows the figures are counted from, read once per report in a handful of narrow queries
 * (no per-participant query), so a year of a large program is counted in well under a second.
 * Merged records are left out: their history moved to the record they were merged into.
 */
import { and, eq, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
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
	/** Ordered by participant, then time. */
	statusChanges: FigureStatusChange[];
	/** Only those inside `contactsWindow`. */
	contacts: FigureContact[];
	goals: { domain: GoalDomain; createdAt: number; metAt: number | null }[];
	chargingDecisions: { decision: ChargingDecision; at: number }[];
	/** Staff who referred, with their agency: officer concentration and referrals by agency. */
	staff: Map<string, { name: string; agencyId: string }>;
	agencies: Map<string, string>;
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

/** Everything the figures need for one jurisdiction; contacts only within `contactsWindow`. */
export function loadFigureData(db: Conn, jurisdictionId: string, contactsWindow: Window): FigureData {
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
		statusChanges: db
			.select({
				participantId: statusChanges.participantId,
				to: statusChanges.toStatus,
				exitReason: statusChanges.exitReason,
				at: statusChanges.createdAt
			})
			.from(statusChanges)
			.innerJoin(participants, eq(participants.id, statusChanges.participantId))
			.where(live)
			.orderBy(statusChanges.participantId, statusChanges.createdAt, sql`status_changes.rowid`)
			.all()
			.map((s) => ({ ...s, at: s.at.getTime() })),
		contacts: db
			.select({ participantId: contacts.participantId, kind: contacts.kind, at: contacts.occurredAt })
			.from(contacts)
			.innerJoin(participants, eq(participants.id, contacts.participantId))
			.where(
				and(
					live,
					gte(contacts.occurredAt, new Date(contactsWindow.from)),
					lt(contacts.occurredAt, new Date(contactsWindow.to))
				)
			)
			.all()
			.map((c) => ({ ...c, at: c.at.getTime() })),
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
