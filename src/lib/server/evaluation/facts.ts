/**
 * What an evaluation export is made from, read in a handful of queries for a whole program:
 * each participant record that stands on its own (a record joined into another is part of that
 * one's history), its referrals, and the coded events of its history. Only codes, dates and ids
 * are read; no name, note, narrative or other free text leaves the database, except the
 * neighbourhood a referral names, which the export treats as a quasi-identifier.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Conn } from '../db';
import { inSnapshot } from '../db/write';
import {
	contacts,
	legalMatters,
	participantEvents,
	participants,
	planGoals,
	referrals,
	statusChanges
} from '../db/participants.schema';

export interface PersonFacts {
	id: string;
	dateOfBirth: string | null;
	raceEthnicity: string | null;
	gender: string | null;
	status: string;
	exitReason: string | null;
	createdAt: number;
}

export interface ReferralFacts {
	participantId: string;
	at: number;
	pathway: string;
	neighbourhood: string | null;
	assessmentCompletedAt: number | null;
}

/** The kinds of event an export lists, each with the code it carries. */
export const EXPORT_EVENTS = [
	'referral',
	'status_change',
	'contact',
	'charging_decision',
	'goal_met'
] as const;
export type ExportEvent = (typeof EXPORT_EVENTS)[number];

export interface EventFacts {
	participantId: string;
	at: number;
	event: ExportEvent;
	value: string;
}

export interface ProgramFacts {
	people: PersonFacts[];
	/** Every referral, oldest first. */
	referrals: ReferralFacts[];
	/** Each person's events, by record id, in no particular order. */
	events: Map<string, EventFacts[]>;
}

/** Events collected by person as they are read (a whole program's history is many thousands). */
class EventsByPerson {
	readonly byPerson = new Map<string, EventFacts[]>();
	add(participantId: string, at: number, event: ExportEvent, value: string): void {
		const e = { participantId, at, event, value };
		const own = this.byPerson.get(participantId);
		if (own) own.push(e);
		else this.byPerson.set(participantId, [e]);
	}
}

/** Reads a program's facts in one read transaction, so every file of an export tells of the same moment. */
export function readProgramFacts(db: Conn, jurisdictionId: string): ProgramFacts {
	return inSnapshot(db, () => {
		const standing = and(eq(participants.jurisdictionId, jurisdictionId), isNull(participants.mergedIntoId));
		const people = db
			.select({
				id: participants.id,
				dateOfBirth: participants.dateOfBirth,
				raceEthnicity: participants.raceEthnicity,
				gender: participants.gender,
				status: participants.status,
				exitReason: participants.exitReason,
				createdAt: sql<number>`${participants.createdAt}`
			})
			.from(participants)
			.where(standing)
			.all();
		const referralRows = db
			.select({
				participantId: referrals.participantId,
				at: sql<number>`${referrals.occurredAt}`,
				pathway: referrals.pathway,
				neighbourhood: referrals.neighbourhood,
				assessmentCompletedAt: sql<number | null>`${referrals.assessmentCompletedAt}`
			})
			.from(referrals)
			.innerJoin(participants, eq(participants.id, referrals.participantId))
			.where(standing)
			.orderBy(asc(referrals.occurredAt), asc(referrals.createdAt))
			.all();
		const events = new EventsByPerson();
		for (const r of referralRows) events.add(r.participantId, r.at, 'referral', r.pathway);
		readStatusChanges(db, standing, events);
		readContacts(db, standing, events);
		readChargingDecisions(db, standing, jurisdictionId, events);
		readGoalsMet(db, standing, jurisdictionId, events);
		return { people, referrals: referralRows, events: events.byPerson };
	});
}

type Scope = ReturnType<typeof and>;

// The two largest reads take rows as plain arrays: a whole program's contacts are many thousands.
function readStatusChanges(tx: Conn, standing: Scope, events: EventsByPerson): void {
	const rows = tx
		.select({
			participantId: statusChanges.participantId,
			at: sql<number>`${statusChanges.createdAt}`,
			value: statusChanges.toStatus
		})
		.from(statusChanges)
		.innerJoin(participants, eq(participants.id, statusChanges.participantId))
		.where(standing)
		.values() as [string, number, string][];
	for (const [participantId, at, value] of rows) events.add(participantId, at, 'status_change', value);
}

function readContacts(tx: Conn, standing: Scope, events: EventsByPerson): void {
	const rows = tx
		.select({
			participantId: contacts.participantId,
			at: sql<number>`${contacts.occurredAt}`,
			value: contacts.kind
		})
		.from(contacts)
		.innerJoin(participants, eq(participants.id, contacts.participantId))
		.where(standing)
		.values() as [string, number, string][];
	for (const [participantId, at, value] of rows) events.add(participantId, at, 'contact', value);
}

/** Timeline entries of some kinds, with two codes from their references (never their text), oldest first. */
function codedEntries(tx: Conn, standing: Scope, kinds: string[], idRef: string, codeRef: string) {
	return tx
		.select({
			participantId: participantEvents.participantId,
			at: sql<number>`${participantEvents.createdAt}`,
			ref: sql<string | null>`json_extract(${participantEvents.payload}, ${`$.refs.${idRef}`})`,
			code: sql<string | null>`json_extract(${participantEvents.payload}, ${`$.refs.${codeRef}`})`
		})
		.from(participantEvents)
		.innerJoin(participants, eq(participants.id, participantEvents.participantId))
		.where(and(standing, inArray(participantEvents.kind, kinds)))
		.orderBy(asc(participantEvents.id))
		.all();
}

/**
 * Each charging decision the prosecutor recorded, with its kind. An entry from before the board
 * kept the kind as a code is counted once per legal matter, as the matter's current decision.
 */
function readChargingDecisions(
	tx: Conn,
	standing: Scope,
	jurisdictionId: string,
	events: EventsByPerson
): void {
	const entries = codedEntries(tx, standing, ['legal.charging_decision'], 'legalMatterId', 'decision');
	const current = new Map(
		tx
			.select({ id: legalMatters.id, decision: legalMatters.chargingDecision })
			.from(legalMatters)
			.innerJoin(participants, eq(participants.id, legalMatters.participantId))
			.where(eq(participants.jurisdictionId, jurisdictionId))
			.all()
			.map((m) => [m.id, m.decision])
	);
	const lastUncoded = new Map<string, number>();
	entries.forEach((e, i) => {
		if (!e.code && e.ref) lastUncoded.set(e.ref, i);
	});
	entries.forEach((e, i) => {
		const value = e.code ?? (e.ref && lastUncoded.get(e.ref) === i ? current.get(e.ref) : undefined);
		if (value && value !== 'pending') events.add(e.participantId, e.at, 'charging_decision', value);
	});
}

/**
 * Each time a plan goal became met, with the goal's domain. A goal whose entries are from before
 * the board kept the status as a code counts as met at its last entry, if it is met now.
 */
function readGoalsMet(tx: Conn, standing: Scope, jurisdictionId: string, events: EventsByPerson): void {
	const entries = codedEntries(tx, standing, ['plan.goal_added', 'plan.goal_updated'], 'goalId', 'status');
	const goals = new Map(
		tx
			.select({ id: planGoals.id, domain: planGoals.domain, status: planGoals.status })
			.from(planGoals)
			.innerJoin(participants, eq(participants.id, planGoals.participantId))
			.where(eq(participants.jurisdictionId, jurisdictionId))
			.all()
			.map((g) => [g.id, g])
	);
	const wasMet = new Map<string, boolean>();
	const uncoded = new Map<string, (typeof entries)[number]>();
	for (const e of entries) {
		const goal = e.ref ? goals.get(e.ref) : undefined;
		if (!goal) continue;
		if (!e.code) {
			uncoded.set(goal.id, e);
			continue;
		}
		const met = e.code === 'met';
		if (met && !wasMet.get(goal.id)) events.add(e.participantId, e.at, 'goal_met', goal.domain);
		wasMet.set(goal.id, met);
	}
	for (const [goalId, e] of uncoded) {
		const goal = goals.get(goalId)!;
		if (goal.status === 'met' && !wasMet.has(goalId))
			events.add(e.participantId, e.at, 'goal_met', goal.domain);
	}
}
