/**
 * Walks the whole chain in id order and recomputes every hash. Reports the first entry whose
 * own hash does not match its content, or whose prev_hash does not match the entry before it;
 * then holds the chain to each checkpoint taken of its head (checkpoints.ts): an entry a checkpoint
 * counted must still be there, with the hash it had.
 */
import { asc, gt } from 'drizzle-orm';
import { auditEvents } from '../db/audit.schema';
import type { Conn } from '../db';
import { GENESIS_HASH, entryHash } from './chain';
import type { AuditCheckpoint } from './checkpoints';

export type ChainVerdict =
	{ ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

const BATCH = 1000;

export function verifyAuditChain(conn: Conn, checkpoints: readonly AuditCheckpoint[] = []): ChainVerdict {
	const wanted = new Set(checkpoints.map((c) => c.entries));
	const hashAt = new Map<number, string>([[0, GENESIS_HASH]]);
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
			if (wanted.has(entries)) hashAt.set(entries, row.hash);
			prevHash = row.hash;
			prevId = row.id;
		}
		if (rows.length < BATCH) return againstCheckpoints(entries, checkpoints, hashAt);
	}
}

/** The latest checkpoint that disagrees decides the verdict: it says the most about what went. */
function againstCheckpoints(
	entries: number,
	checkpoints: readonly AuditCheckpoint[],
	hashAt: Map<number, string>
): ChainVerdict {
	const latestFirst = [...checkpoints].sort((a, b) => b.entries - a.entries);
	for (const checkpoint of latestFirst) {
		if (checkpoint.entries > entries) {
			const removed = checkpoint.entries - entries;
			return broken(
				entries,
				entries + 1,
				`${removed} ${removed === 1 ? 'entry was' : 'entries were'} removed from its end: a checkpoint taken ${checkpoint.at} counted ${checkpoint.entries}`
			);
		}
		if (hashAt.get(checkpoint.entries) !== checkpoint.hash) {
			return broken(
				entries,
				checkpoint.entries,
				`its hash differs from the checkpoint taken ${checkpoint.at}: the trail was rewritten from there back`
			);
		}
	}
	return { ok: true, entries };
}

function broken(entries: number, brokenAt: number, reason: string): ChainVerdict {
	return { ok: false, entries, brokenAt, reason };
}
