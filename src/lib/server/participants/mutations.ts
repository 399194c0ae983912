/**
 * What every participant mutation shares: input parsing, one transaction, idempotency, version
 * checks, and the timeline entry plus change-log row that every write appends.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { RunResult } from 'better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { z } from 'zod';
import type * as schema from '../db/schema';
import { jurisdictions } from '../db/schema';
import {
	changeLog,
	idempotencyKeys,
	participantEvents,
	participants,
	type Participant
} from '../db/participants.schema';
import { actorFields, recordAudit } from '../audit';
import { DomainError, conflict, invalidInput, notFound } from '../errors';
import { ERROR_CODES } from '../../shared/errors';
import type { Actor } from '../policy';
import {
	redactRow,
	visibleCategories,
	type FieldCategory,
	type ParticipantResource
} from '../policy/participants';

/** The database or a transaction on it: domain functions accept either, so callers can nest them. */
export type Conn = BaseSQLiteDatabase<'sync', RunResult, typeof schema>;

export interface MutationOptions {
	/** A client-chosen key; a retry with the same key from the same user returns the first result. */
	idempotencyKey?: string;
	/** The moment of the change (tests and the demo seed pass one). */
	now?: Date;
	/** The client's address, for the audit entry (routes and socket handlers know it). */
	sourceAddress?: string | null;
}

/** What every mutation returns; functions add what the caller should show. */
export interface MutationResult {
	participantId: string;
	/** The change-log sequence number of this change. */
	seq: number;
}

/** One piece of timeline text and the category that may read it. */
export interface Segment {
	c: FieldCategory;
	t: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_:.-]{8,128}$/;

/** Parses unknown input with a zod schema, or throws `invalid_input` with one message per field. */
export function parseInput<S extends z.ZodType>(schemaOf: S, input: unknown): z.output<S> {
	const parsed = schemaOf.safeParse(input);
	if (!parsed.success) throw invalidInput(parsed.error);
	return parsed.data;
}

/** The idempotency key, checked; throws `invalid_input` when it is malformed. */
export function checkKey(key: string | undefined): string | undefined {
	if (key === undefined) return undefined;
	if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
		throw new DomainError(ERROR_CODES.INVALID_INPUT, 'The idempotency key is malformed.', {
			idempotencyKey: 'Use 8-128 letters, digits, dashes, dots, colons or underscores.'
		});
	}
	return key;
}

/**
 * Runs one mutation in one transaction. A repeated idempotency key from the same user returns
 * the stored result and writes nothing; a thrown error rolls everything back.
 */
export function runMutation<R extends MutationResult>(
	db: Conn,
	actor: Actor,
	kind: string,
	opts: MutationOptions,
	work: (tx: Conn, now: Date) => R
): R {
	const key = checkKey(opts.idempotencyKey);
	const now = opts.now ?? new Date();
	return db.transaction((tx) => {
		const prior = priorResult<R>(tx, actor, key, kind);
		if (prior) return prior.result;
		const result = work(tx, now);
		// Same transaction: if the audit entry cannot be stored, the change is rolled back.
		recordAudit(
			tx,
			{
				...actorFields(actor),
				sourceAddress: opts.sourceAddress ?? null,
				action: 'participant.write',
				objectType: 'participant',
				objectId: result.participantId,
				outcome: 'success',
				detail: { kind, seq: result.seq }
			},
			now
		);
		rememberResult(tx, actor, key, kind, result, now);
		return result;
	});
}

/**
 * The stored result of an earlier change made with this key by this user, if any; the same key
 * used for a different kind of change is a conflict.
 */
export function priorResult<R>(
	tx: Conn,
	actor: Actor,
	key: string | undefined,
	kind: string
): { result: R } | null {
	if (!key) return null;
	const prior = tx
		.select()
		.from(idempotencyKeys)
		.where(and(eq(idempotencyKeys.key, key), eq(idempotencyKeys.userId, actor.userId)))
		.get();
	if (!prior) return null;
	if (prior.kind !== kind) throw conflict('This idempotency key was already used for another change.');
	return { result: prior.result as R };
}

/** Keeps a change's result under its idempotency key, in the change's own transaction. */
export function rememberResult(
	tx: Conn,
	actor: Actor,
	key: string | undefined,
	kind: string,
	result: unknown,
	now: Date
): void {
	if (key)
		tx.insert(idempotencyKeys).values({ key, userId: actor.userId, kind, result, createdAt: now }).run();
}

/** Loads a participant of the actor's jurisdiction; another jurisdiction's participant is "not found". */
export function loadParticipant(tx: Conn, actor: Actor, participantId: string): Participant {
	const row = tx.select().from(participants).where(eq(participants.id, participantId)).get();
	if (!row || row.jurisdictionId !== actor.jurisdictionId) throw notFound('Participant');
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

export function loadJurisdiction(tx: Conn, jurisdictionId: string) {
	const row = tx.select().from(jurisdictions).where(eq(jurisdictions.id, jurisdictionId)).get();
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
	tx.insert(participantEvents)
		.values({
			participantId: event.participantId,
			kind: event.kind,
			category,
			actorUserId: actor.userId,
			actorAgencyKind: actor.agencyKind,
			payload: { segments: event.segments, refs: event.refs },
			createdAt: now
		})
		.run();
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
	const row = tx
		.insert(changeLog)
		.values({
			jurisdictionId: actor.jurisdictionId,
			participantId: change.participantId,
			kind: change.kind,
			category: leastSensitive(change.segments),
			createdAt: now
		})
		.returning({ seq: changeLog.seq })
		.get();
	return row.seq;
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

/** Forgets idempotency records older than a cutoff (a retry window, not an archive). */
export function pruneIdempotencyKeys(db: Conn, olderThan: Date): number {
	return db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, olderThan)).run().changes;
}

/** An `invalid_input` error about one field, for rules zod cannot see (they need the database or the clock). */
export function invalidField(field: string, message: string): DomainError {
	return new DomainError(ERROR_CODES.INVALID_INPUT, message, { [field]: message });
}

/** Refuses a time in the future (a few minutes of clock skew allowed). */
export function assertNotFuture(field: string, at: Date, now: Date): void {
	if (at.getTime() > now.getTime() + 5 * 60_000) throw invalidField(field, 'This cannot be in the future.');
}
