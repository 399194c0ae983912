/**
 * Checkpoints of the audit chain's head, kept outside the audit table (in the log and beside each
 * backup). The chain proves no entry was edited or removed in the middle; only a record of how far
 * it reached, kept elsewhere, shows that entries were cut off its end.
 */
import { count, desc } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents } from '../db/audit.schema';
import type { Conn } from '../db';
import { GENESIS_HASH } from './chain';

/** How many entries the chain held at `at`, and the hash of the last of them. */
export const AuditCheckpointSchema = z.object({
	entries: z.number().int().min(0),
	hash: z.string().regex(/^[0-9a-f]{64}$/),
	at: z.string()
});
export type AuditCheckpoint = z.infer<typeof AuditCheckpointSchema>;

/** The chain's head now. */
export function chainHead(conn: Conn, now: Date = new Date()): AuditCheckpoint {
	const last = conn
		.select({ hash: auditEvents.hash })
		.from(auditEvents)
		.orderBy(desc(auditEvents.id))
		.limit(1)
		.get();
	const entries = conn.select({ n: count() }).from(auditEvents).get()?.n ?? 0;
	return { entries, hash: last?.hash ?? GENESIS_HASH, at: now.toISOString() };
}

/** The checkpoints in a log: each JSON line whose event is `audit.checkpoint`; other lines are skipped. */
export function checkpointsInLog(text: string): AuditCheckpoint[] {
	const found: AuditCheckpoint[] = [];
	for (const line of text.split('\n')) {
		if (!line.includes('"audit.checkpoint"')) continue;
		try {
			const parsed = JSON.parse(line) as { event?: unknown; entries?: unknown; hash?: unknown; t?: unknown };
			if (parsed.event !== 'audit.checkpoint') continue;
			const checkpoint = AuditCheckpointSchema.safeParse({
				entries: parsed.entries,
				hash: parsed.hash,
				at: parsed.t
			});
			if (checkpoint.success) found.push(checkpoint.data);
		} catch {
			// A line cut short or not JSON at all: not a checkpoint.
		}
	}
	return found;
}
