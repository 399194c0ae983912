/**
 * How an entry is hashed. The hash covers the previous entry's hash and every stored field in a
 * fixed order, serialised as a JSON array (unambiguous: no separator can be smuggled into a value).
 * Changing this function breaks every stored chain, so it is versioned by the prefix.
 */
import { hash } from 'node:crypto';
import type { AuditEventRow } from '../db/audit.schema';

export const GENESIS_HASH = '0'.repeat(64);
const FORMAT = 'lead-audit-v1';

/** The fields the hash covers, in the order it covers them. */
export type HashedFields = Omit<AuditEventRow, 'hash'>;

export function canonicalEntry(row: HashedFields): string {
	return JSON.stringify([
		FORMAT,
		row.id,
		row.at,
		row.actorUserId,
		row.actorRole,
		row.actorAgencyId,
		row.jurisdictionId,
		row.sourceAddress,
		row.action,
		row.objectType,
		row.objectId,
		row.outcome,
		row.detail
	]);
}

export function entryHash(row: HashedFields): string {
	return hash('sha256', `${row.prevHash}\n${canonicalEntry(row)}`, 'hex');
}
