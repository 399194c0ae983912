/**
 * The write kernel every command runs on: input parsing, the idempotency record of a change, and
 * field errors for rules zod cannot see. Nothing here knows a feature.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Conn } from '../db';
import { prepared } from '../db/prepared';
import { idempotencyKeys } from '../db/participants.schema';
import { DomainError, conflict, invalidInput } from '../errors';
import type { Actor } from '../policy';
import { ERROR_CODES } from '../../shared/errors';
import { IdempotencyKey } from '../../shared/idempotency';

export type { Conn };

/** Parses unknown input with a zod schema, or throws `invalid_input` with one message per field. */
export function parseInput<S extends z.ZodType>(schemaOf: S, input: unknown): z.output<S> {
	const parsed = schemaOf.safeParse(input);
	if (!parsed.success) throw invalidInput(parsed.error);
	return parsed.data;
}

/** The idempotency key, checked; throws `invalid_input` when it is malformed. */
export function checkKey(key: unknown): string | undefined {
	if (key === undefined) return undefined;
	const parsed = IdempotencyKey.safeParse(key);
	if (!parsed.success) {
		throw new DomainError(ERROR_CODES.INVALID_INPUT, 'The idempotency key is malformed.', {
			idempotencyKey: parsed.error.issues[0].message
		});
	}
	return parsed.data;
}

/**
 * The stored outcome of an earlier change made with this key by this user, if any; the same key
 * used for another kind of change is a conflict.
 */
export function priorOutcome<R>(
	tx: Conn,
	actor: Actor,
	key: string | undefined,
	kind: string
): { outcome: R } | null {
	if (!key) return null;
	const prior = priorByKey(tx).get({ key, userId: actor.userId });
	if (!prior) return null;
	if (prior.kind !== kind) throw conflict('This idempotency key was already used for another change.');
	return { outcome: prior.result as R };
}

/** Keeps a change's outcome under its idempotency key, in the change's own transaction. */
export function rememberOutcome(
	tx: Conn,
	actor: Actor,
	key: string | undefined,
	kind: string,
	outcome: unknown,
	now: Date
): void {
	if (key) insertKey(tx).run({ key, userId: actor.userId, kind, result: outcome, createdAt: now });
}

const priorByKey = prepared((db) =>
	db
		.select()
		.from(idempotencyKeys)
		.where(
			and(
				eq(idempotencyKeys.key, sql.placeholder('key')),
				eq(idempotencyKeys.userId, sql.placeholder('userId'))
			)
		)
		.prepare()
);

const insertKey = prepared((db) =>
	db
		.insert(idempotencyKeys)
		.values({
			key: sql.placeholder('key'),
			userId: sql.placeholder('userId'),
			kind: sql.placeholder('kind'),
			result: sql.placeholder('result'),
			createdAt: sql.placeholder('createdAt')
		})
		.prepare()
);

/** Forgets idempotency records older than a cutoff (a retry window, not an archive). */
export function pruneIdempotencyKeys(db: Conn, olderThan: Date): number {
	return db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, olderThan)).run().changes;
}

/** An `invalid_input` error about one field, for rules zod cannot see (they need the database or the clock). */
export function invalidField(field: string, message: string): DomainError {
	return new DomainError(ERROR_CODES.INVALID_INPUT, message, { [field]: message });
}
