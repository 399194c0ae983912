/**
 * Appends entries to the audit trail. The previous hash is read and the new row written inside
 * one transaction (the caller's, when it has one), so the caller's write and its audit entry
 * commit or roll back together: if the audit write fails, the action fails.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents } from '../db/audit.schema';
import type { Conn } from '../db';
import { clientOf, prepared } from '../db/prepared';
import { inWrite } from '../db/write';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditEntryInput } from './actions';
import { GENESIS_HASH, entryHash, type HashedFields } from './chain';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const id = z.string().min(1).max(200).nullable();

/** Scalars only: a nested object could carry a record, so it is refused outright. */
const DetailSchema = z
	.record(
		z
			.string()
			.regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'Detail keys are short identifiers')
			.refine((key) => !FORBIDDEN_KEYS.has(key), 'Reserved key'),
		z.union([z.string().max(200), z.number().finite(), z.boolean(), z.null()])
	)
	.refine((d) => Object.keys(d).length <= 20, 'At most 20 detail values');

const EntrySchema = z
	.object({
		actorUserId: id,
		actorRole: z.string().min(1).max(64).nullable(),
		actorAgencyId: id,
		jurisdictionId: id,
		sourceAddress: z.string().min(1).max(64).nullable(),
		action: z.enum(AUDIT_ACTIONS),
		objectType: z.string().min(1).max(64).nullable(),
		objectId: id,
		outcome: z.enum(AUDIT_OUTCOMES),
		detail: DetailSchema.optional()
	})
	.strict();

const chainHead = prepared((db) =>
	db
		.select({ id: auditEvents.id, hash: auditEvents.hash })
		.from(auditEvents)
		.where(sql`${auditEvents.id} = (select max(${auditEvents.id}) from ${auditEvents})`)
		.prepare()
);

const bound = (name: string) => sql.placeholder(name);

const insertEntry = prepared((db) =>
	db
		.insert(auditEvents)
		.values({
			id: bound('id'),
			at: bound('at'),
			actorUserId: bound('actorUserId'),
			actorRole: bound('actorRole'),
			actorAgencyId: bound('actorAgencyId'),
			jurisdictionId: bound('jurisdictionId'),
			sourceAddress: bound('sourceAddress'),
			action: bound('action'),
			objectType: bound('objectType'),
			objectId: bound('objectId'),
			outcome: bound('outcome'),
			detail: bound('detail'),
			prevHash: bound('prevHash'),
			hash: bound('hash')
		})
		.prepare()
);

/** Keys sorted, so the same detail always serialises (and hashes) the same way. */
export function canonicalDetail(detail: Record<string, unknown> | undefined): string {
	const sorted: Record<string, unknown> = {};
	for (const key of Object.keys(detail ?? {}).sort()) sorted[key] = detail?.[key];
	return JSON.stringify(sorted);
}

/** Checks an entry before it is written; a malformed entry is a programming error and throws. */
function parseEntry(entry: AuditEntryInput): AuditEntryInput {
	if (entry.detail && Object.getPrototypeOf(entry.detail) !== Object.prototype) {
		throw new Error('Audit entry refused: detail must be a plain object.');
	}
	// zod silently drops a `__proto__` key, so reserved keys are refused here, loudly.
	if (entry.detail && Object.keys(entry.detail).some((key) => FORBIDDEN_KEYS.has(key))) {
		throw new Error('Audit entry refused: invalid detail key.');
	}
	const parsed = EntrySchema.safeParse(entry);
	if (!parsed.success) {
		const where = parsed.error.issues.map((i) => i.path.join('.') || '_').join(', ');
		throw new Error(`Audit entry refused: invalid ${where}.`);
	}
	return parsed.data;
}

/**
 * Appends one entry, synchronously, in the caller's transaction when given one. Throws if it
 * cannot be stored: the caller's action must then fail (fail closed).
 */
export function recordAudit(
	conn: Conn,
	entry: AuditEntryInput,
	now: Date = new Date()
): { id: number; hash: string } {
	const e = parseEntry(entry);
	const at = now.getTime();
	if (!Number.isFinite(at)) throw new Error('Audit entry refused: invalid time.');
	const append = () => {
		const last = chainHead(conn).get();
		const row: HashedFields = {
			id: (last?.id ?? 0) + 1,
			at,
			actorUserId: e.actorUserId,
			actorRole: e.actorRole,
			actorAgencyId: e.actorAgencyId,
			jurisdictionId: e.jurisdictionId,
			sourceAddress: e.sourceAddress,
			action: e.action,
			objectType: e.objectType,
			objectId: e.objectId,
			outcome: e.outcome,
			detail: canonicalDetail(e.detail),
			prevHash: last?.hash ?? GENESIS_HASH
		};
		const hash = entryHash(row);
		insertEntry(conn).run({ ...row, hash });
		return { id: row.id, hash };
	};
	// Inside a caller's transaction the entry is part of it, written by one statement: stored with the
	// change or not at all. On its own it takes the write lock before it reads the chain's head, so a
	// process beside the board (a backup, a command line) cannot write in between.
	return clientOf(conn).inTransaction ? append() : inWrite(conn, append);
}
