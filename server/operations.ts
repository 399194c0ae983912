/**
 * The board's operator jobs while it runs: its scheduled backups, the audit chain's checkpoints
 * in the log, the notification sweep with the daily e-mail digest, and the watch on the event
 * loop's lag that sheds expensive work when the board is overloaded. Edge tasks, started and
 * stopped with the server; each audits or logs what it does itself.
 */
import { startCheckpointLog } from '../src/lib/server/audit/checkpoint-log';
import { startBackups } from '../src/lib/server/backup/schedule';
import { startNotificationJobs } from '../src/lib/server/notifications';
import type { Services } from '../src/lib/server/services';

/** Starts them all; the returned function stops them (the last checkpoint is written then). */
export function startOperations(services: Services): () => void {
	const { config, db } = services;
	const stopBackups = startBackups(db.$client, config.backups);
	const stopCheckpoints = startCheckpointLog(db, config.auditCheckpointMs);
	const stopNotifications = startNotificationJobs(services);
	services.load.start();
	return () => {
		services.load.stop();
		stopNotifications();
		stopBackups();
		stopCheckpoints();
	};
}
