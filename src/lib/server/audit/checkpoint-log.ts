/**
 * Writes a checkpoint of the audit chain's head to the log at start-up, every
 * AUDIT_CHECKPOINT_MINUTES while the trail grows, and at shutdown: the log, kept by the
 * operator's log collector, then records how far the chain reached (see checkpoints.ts).
 */
import type { Conn } from '../db';
import { log } from '../log';
import { chainHead } from './checkpoints';

export function startCheckpointLog(conn: Conn, everyMs: number): () => void {
	let lastHash: string | null = null;
	const write = () => {
		const head = chainHead(conn);
		if (head.hash === lastHash) return;
		lastHash = head.hash;
		log('info', 'audit.checkpoint', { entries: head.entries, hash: head.hash });
	};
	const tick = () => {
		try {
			write();
		} catch (error) {
			log('error', 'audit.checkpoint_failed', { error: error instanceof Error ? error.name : 'unknown' });
		}
	};
	tick();
	const timer = setInterval(tick, everyMs);
	timer.unref();
	return () => {
		clearInterval(timer);
		tick();
	};
}
