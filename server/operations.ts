/**
 * The board's operator jobs while it runs: its scheduled backups and the audit chain's
 * checkpoints in the log. Edge tasks, started and stopped with the server; each audits or logs
 * what it does itself.
 */
import { startCheckpointLog } from '../src/lib/server/audit/checkpoint-log';
import { startBackups } from '../src/lib/server/backup/schedule';
import type { Services } from '../src/lib/server/services';

/** Starts both; the returned function stops them (the last checkpoint is written then). */
export function startOperations(services: Services): () => void {
	const { config, db } = services;
	const stopBackups = startBackups(db.$client, config.backups);
	const stopCheckpoints = startCheckpointLog(db, config.auditCheckpointMs);
	return () => {
		stopBackups();
		stopCheckpoints();
	};
}
