/**
 * Walks the whole chain in id order and recomputes every hash. Reports the first entry whose
 * own hash does not match its content, or whose prev_hash does not match the entry before it.
 */
import { asc, gt } from 'drizzle-orm';
import { auditEvents } from '../db/audit.schema';
import type { Conn } from '../db';
import { GENESIS_HASH, entryHash } from './chain';

export type ChainVerdict =
	{ ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

const BATCH = 1000;

export function verifyAuditChain(conn: Conn): ChainVerdict {
	let prevHash = GENESIS_HASH;
	let prevId = 0;
	let entries = 0;
	for (;;) {
		const rows = conn
			.select()
			.from(auditEvents)
			.where(gt(auditEvents.id, prevId))
			.orderBy(asc(auditEvents.id))
			.limit(BATCH)
			.all();
		for (const row of rows) {
			entries++;
			if (row.prevHash !== prevHash) {
				const before = prevId === 0 ? 'the start of the trail' : `entry ${prevId}`;
				return broken(entries, row.id, `its prev_hash does not match the hash of ${before}`);
			}
			if (entryHash(row) !== row.hash) {
				return broken(entries, row.id, 'its hash does not match its content');
			}
			prevHash = row.hash;
			prevId = row.id;
		}
		if (rows.length < BATCH) return { ok: true, entries };
	}
}

function broken(entries: number, brokenAt: number, reason: string): ChainVerdict {
	return { ok: false, entries, brokenAt, reason };
}
