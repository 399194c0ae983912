/**
 * What every change to a participant shares: the participant command (its audit entry, its
 * announcement), loading a participant of the actor's jurisdiction, version checks, and the
 * timeline entry plus change-log row that every write appends.
 */
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Conn } from '../db';
import { prepared } from '../db/prepared';
import { jurisdictions } from '../db/schema';
import { changeLog, participantEvents, participants, type Participant } from '../db/participants.schema';
import type { AuditDetailValue } from '../audit';
import { defineCommand, type Command, type CommandContext } from '../commands/command';
import { invalidField } from '../commands/kernel';
import { conflict, notFound } from '../errors';
import type { Actor } from '../policy';
import {
	redactRow,
	visibleCategories,
	type FieldCategory,
	type ParticipantResource
} from '../policy/participants';

/** What every participant command returns; commands add what the caller should show. */
export interface MutationResult {
	participantId: string;
	/** The change-log sequence number of this change. */
	seq: number;
}

type AuditDetail = Record<string, AuditDetailValue>;

/** One piece of timeline text and the category that may read it. */
export interface Segment {
	c: FieldCategory;
	t: string;
}

/**
 * A change to one participant: audited as `participant.write` with its kind and change-log
 * sequence, and announced to every open board once stored. `kind` names the change on the
 * timeline and in the audit trail; `name` is what forms and sockets ask for.
 */
export function participantCommand<S extends z.ZodType, R extends MutationResult>(spec: {
	name: string;
	kind: string;
	input: S;
	run: (ctx: CommandContext, data: z.output<S>) => R;
}): Command<S, R> {
	return defineCommand({
		name: spec.name,
		input: spec.input,
		audit: (data, result) => ({
			action: 'participant.write',
			objectType: 'participant',
			objectId: result?.participantId ?? claimedParticipant(data),
			detail: result ? { kind: spec.kind, seq: result.seq } : ({ kind: spec.name } as AuditDetail)
		}),
		run(ctx, data) {
			const result = spec.run(ctx, data);
			ctx.changes.participant(result.participantId, result.seq, spec.name);
			return result;
		}
	});
}

function claimedParticipant(data: unknown): string | null {
	const id = (data as { participantId?: unknown }).participantId;
	return typeof id === 'string' ? id : null;
}

/** A participant row by id, whatever its jurisdiction (the callers check it). */
export const participantById = prepared((db) =>
	db
		.select()
		.from(participants)
		.where(eq(participants.id, sql.placeholder('id')))
		.prepare()
);

/** Loads a participant of the actor's jurisdiction; another jurisdiction's participant is "not found". */
export function loadParticipant(tx: Conn, actor: Actor, participantId: string): Participant {
	const row = participantById(tx).get({ id: participantId });
	// A record joined into another is written to only through the record it joined.
	if (!row || row.jurisdictionId !== actor.jurisdictionId || row.mergedIntoId) throw notFound('Participant');
	return row;
}

/** The policy's view of a participant by id (assignments only), for checks outside a mutation. */
export function participantScope(
	db: Conn,
	participantId: string
): Omit<ParticipantResource, 'jurisdictionId'> {
	const p = db.select().from(participants).where(eq(participants.id, participantId)).get();
	return { caseManagerUserId: p?.caseManagerUserId ?? null, defenderUserId: p?.defenderUserId ?? null };
}

export function participantResource(p: Participant): ParticipantResource {
	return {
		jurisdictionId: p.jurisdictionId,
		caseManagerUserId: p.caseManagerUserId,
		defenderUserId: p.defenderUserId
	};
}

const jurisdictionById = prepared((db) =>
	db
		.select()
		.from(jurisdictions)
		.where(eq(jurisdictions.id, sql.placeholder('id')))
		.prepare()
);

export function loadJurisdiction(tx: Conn, jurisdictionId: string) {
	const row = jurisdictionById(tx).get({ id: jurisdictionId });
	if (!row) throw notFound('Jurisdiction');
	return row;
}

/** A record as this actor may see it, for the current value a conflict carries. */
export function visibleRecord<T extends Record<string, unknown>>(
	table: string,
	row: T,
	actor: Actor,
	p: Participant
): Partial<T> | null {
	return redactRow(table, row, visibleCategories(actor, participantResource(p)));
}

/** Refuses an edit made against an old version, carrying the current value the caller may see. */
export function checkVersion(
	current: number,
	expected: number,
	what: string,
	currentValue: () => unknown
): void {
	if (current !== expected) {
		throw conflict(
			`${what} was changed by someone else (now version ${current}, you edited version ${expected}).`,
			currentValue()
		);
	}
}

/** A value bound when the statement runs, for the prepared writes below. */
const bound = (name: string) => sql.placeholder(name);

const insertEvent = prepared((db) =>
	db
		.insert(participantEvents)
		.values({
			participantId: bound('participantId'),
			kind: bound('kind'),
			category: bound('category'),
			actorUserId: bound('actorUserId'),
			actorAgencyKind: bound('actorAgencyKind'),
			payload: bound('payload'),
			createdAt: bound('createdAt')
		})
		.prepare()
);

const insertChange = prepared((db) =>
	db
		.insert(changeLog)
		.values({
			jurisdictionId: bound('jurisdictionId'),
			participantId: bound('participantId'),
			kind: bound('kind'),
			category: bound('category'),
			createdAt: bound('createdAt')
		})
		.returning({ seq: changeLog.seq })
		.prepare()
);

const SENSITIVITY: FieldCategory[] = [
	'core',
	'contact_log',
	'plan_summary',
	'legal',
	'identity',
	'demographics',
	'plan',
	'case_notes',
	'clinical'
];

/**
 * Appends one timeline entry. Its category is its least sensitive segment: the category a reader
 * needs to see that the entry exists at all (each segment still carries its own).
 */
export function appendEvent(
	tx: Conn,
	actor: Actor,
	event: { participantId: string; kind: string; segments: Segment[]; refs?: Record<string, string> },
	now: Date
): FieldCategory {
	const category = leastSensitive(event.segments);
	insertEvent(tx).run({
		participantId: event.participantId,
		kind: event.kind,
		category,
		actorUserId: actor.userId,
		actorAgencyKind: actor.agencyKind,
		payload: { segments: event.segments, refs: event.refs },
		createdAt: now
	});
	return category;
}

/** The least sensitive category among segments: whoever sees it sees that the change happened. */
function leastSensitive(segments: Segment[]): FieldCategory {
	return segments.reduce<FieldCategory>(
		(best, s) => (SENSITIVITY.indexOf(s.c) < SENSITIVITY.indexOf(best) ? s.c : best),
		segments[0]?.c ?? 'core'
	);
}

/**
 * Appends the timeline entry and the change-log row for a change, and returns the change's
 * sequence number.
 */
export function recordChange(
	tx: Conn,
	actor: Actor,
	change: { participantId: string; kind: string; segments: Segment[]; refs?: Record<string, string> },
	now: Date
): number {
	appendEvent(tx, actor, change, now);
	const row = insertChange(tx).get({
		jurisdictionId: actor.jurisdictionId,
		participantId: change.participantId,
		kind: change.kind,
		category: leastSensitive(change.segments),
		createdAt: now
	});
	return row!.seq;
}

/** Bumps a participant's version and update time; returns the new version. */
export function touchParticipant(
	tx: Conn,
	p: Participant,
	now: Date,
	set: Partial<Participant> = {}
): number {
	const next = p.version + 1;
	tx.update(participants)
		.set({ ...set, version: next, updatedAt: now })
		.where(eq(participants.id, p.id))
		.run();
	return next;
}

/** Refuses a time in the future (a few minutes of clock skew allowed). */
export function assertNotFuture(field: string, at: Date, now: Date): void {
	if (at.getTime() > now.getTime() + 5 * 60_000) throw invalidField(field, 'This cannot be in the future.');
}
