/**
 * Appends entries to the audit trail. The previous hash is read and the new row written inside
 * one transaction (a savepoint when the caller already has one), so the caller's write and its
 * audit entry commit or roll back together: if the audit write fails, the action fails.
 */
import { desc, sql } from 'drizzle-orm';
import { auditEvents } from '../db/audit.schema';
import type { Conn } from '../db';
import { clientOf, prepared } from '../db/prepared';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditEntryInput } from './actions';
import { GENESIS_HASH, entryHash, type HashedFields } from './chain';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const DETAIL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const MAX_DETAIL_VALUES = 20;
const ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);
const OUTCOMES: ReadonlySet<string> = new Set(AUDIT_OUTCOMES);

/**
 * What an entry's fields must be, checked by hand rather than by a schema: every change writes
 * one, and these few rules cost next to nothing this way. A field missing is as wrong as a bad one.
 */
const text = (max: number) => (v: unknown) =>
	v === null || (typeof v === 'string' && v.length >= 1 && v.length <= max);
const FIELD_RULES: Record<Exclude<keyof AuditEntryInput, 'detail'>, (v: unknown) => boolean> = {
	actorUserId: text(200),
	actorRole: text(64),
	actorAgencyId: text(200),
	jurisdictionId: text(200),
	sourceAddress: text(64),
	action: (v) => typeof v === 'string' && ACTIONS.has(v),
	objectType: text(64),
	objectId: text(200),
	outcome: (v) => typeof v === 'string' && OUTCOMES.has(v)
};
const KNOWN_FIELDS = new Set([...Object.keys(FIELD_RULES), 'detail']);

/** Scalars only: a nested object could carry a record, so it is refused outright. */
const detailValue = (v: unknown) =>
	v === null ||
	typeof v === 'boolean' ||
	(typeof v === 'string' && v.length <= 200) ||
	(typeof v === 'number' && Number.isFinite(v));

/** The fields of an entry that break the rules (empty when it may be written). */
function invalidFields(entry: AuditEntryInput): string[] {
	const bad = Object.keys(entry).filter((key) => !KNOWN_FIELDS.has(key));
	for (const [field, ok] of Object.entries(FIELD_RULES)) {
		if (!ok((entry as unknown as Record<string, unknown>)[field])) bad.push(field);
	}
	if (entry.detail !== undefined && (typeof entry.detail !== 'object' || entry.detail === null)) {
		bad.push('detail');
	} else if (entry.detail !== undefined) {
		const keys = Object.keys(entry.detail);
		if (keys.length > MAX_DETAIL_VALUES) bad.push('detail');
		for (const key of keys) {
			if (!DETAIL_KEY.test(key) || !detailValue(entry.detail[key])) bad.push(`detail.${key}`);
		}
	}
	return bad;
}

const chainHead = prepared((db) =>
	db
		.select({ id: auditEvents.id, hash: auditEvents.hash })
		.from(auditEvents)
		.orderBy(desc(auditEvents.id))
		.limit(1)
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
	// A `__proto__` key would be dropped or worse by whoever reads the detail: refused, loudly.
	if (entry.detail && Object.keys(entry.detail).some((key) => FORBIDDEN_KEYS.has(key))) {
		throw new Error('Audit entry refused: invalid detail key.');
	}
	const bad = invalidFields(entry);
	if (bad.length) throw new Error(`Audit entry refused: invalid ${bad.join(', ')}.`);
	return entry;
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
	// Immediate: a process beside the board (a backup, a command line) takes the write lock before it
	// reads the chain's head, instead of failing when the board wrote in between. Inside a caller's
	// transaction this is a savepoint; better-sqlite3 keeps its statements prepared, as ours are.
	const append = clientOf(conn).transaction(() => {
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
	});
	return append.immediate();
}
