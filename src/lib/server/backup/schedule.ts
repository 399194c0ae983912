/**
 * The board's own backups: every BACKUP_INTERVAL_HOURS from its own connection, then the oldest
 * beyond BACKUP_KEEP are removed. A failed backup is logged and the next one tried on time; the
 * backups already taken are never removed because a new one failed.
 */
import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { log } from '../log';
import { listBackups, manifestPath } from './files';
import { takeBackup } from './take';

export interface BackupSchedule {
	dir: string;
	intervalMs: number;
	keep: number;
}

/** Removes the oldest complete backups beyond `keep`, with any files beside them; returns how many went. */
export function pruneBackups(dir: string, keep: number): number {
	const backups = listBackups(dir);
	const old = backups.slice(0, Math.max(0, backups.length - keep));
	for (const path of old) {
		// A copy an older board took may still have its write-ahead log and shared memory beside it.
		for (const file of [manifestPath(path), `${path}-wal`, `${path}-shm`, path])
			rmSync(file, { force: true });
	}
	return old.length;
}

/** Starts the schedule; the returned function stops it. Nothing runs when the interval is 0. */
export function startBackups(sqlite: Database.Database, schedule: BackupSchedule): () => void {
	if (schedule.intervalMs <= 0) return () => {};
	let running = false;
	const run = async () => {
		if (running || !sqlite.open) return;
		running = true;
		try {
			const manifest = await takeBackup(sqlite, { dir: schedule.dir, sharedConnection: true });
			const removed = pruneBackups(schedule.dir, schedule.keep);
			log('info', 'backup.completed', {
				file: basename(manifest.file),
				bytes: manifest.bytes,
				entries: manifest.audit.entries,
				hash: manifest.audit.hash,
				removed
			});
		} catch (error) {
			log('error', 'backup.failed', { error: error instanceof Error ? error.message : String(error) });
		} finally {
			running = false;
		}
	};
	const timer = setInterval(() => void run(), schedule.intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}
