/**
 * `npm run restore -- <backup.sqlite>` (or `--latest`, the newest in BACKUP_DIR): checks the copy
 * (its SHA-256 against its manifest, SQLite's integrity check, the whole audit chain and its head
 * against the manifest's checkpoint) and only then, with the board stopped, puts it in place of
 * DATABASE_PATH. The database it replaces is kept beside it. `--check` checks and changes nothing.
 * Exit 0 when restored (or checked), 1 when refused.
 */
import { parseArgs } from 'node:util';
import { listBackups } from '../src/lib/server/backup/files';
import { checkBackup, restoreBackup, RestoreRefused } from '../src/lib/server/backup/restore';
import { ConfigError, loadStorage } from '../src/lib/server/config';

async function main(): Promise<number> {
	const { values, positionals } = parseArgs({
		options: { latest: { type: 'boolean' }, check: { type: 'boolean' } },
		allowPositionals: true
	});
	const storage = loadStorage();
	const path = values.latest ? listBackups(storage.backupDir).at(-1) : positionals[0];
	if (!path) {
		console.error(
			values.latest
				? `No complete backup in ${storage.backupDir}.`
				: 'Name the backup to restore: npm run restore -- <backup.sqlite> (or --latest).'
		);
		return 1;
	}
	const checked = await checkBackup(path);
	console.log(
		`Checked ${path}: SHA-256 matches its manifest, SQLite integrity ok, audit trail intact (${checked.entries} entries, as its manifest says); taken ${checked.manifest.createdAt}.`
	);
	if (values.check) return 0;
	const restored = await restoreBackup(path, storage.databasePath);
	console.log(`Restored into ${storage.databasePath}.`);
	if (restored.keptAs) console.log(`The database it replaced is kept at ${restored.keptAs}.`);
	console.log('Start the board: it applies any newer migrations as it starts.');
	return 0;
}

main().then(
	(code) => (process.exitCode = code),
	(error: unknown) => {
		if (error instanceof RestoreRefused || error instanceof ConfigError)
			console.error(`Nothing was restored. ${error.message}`);
		else console.error(`Nothing was restored: ${String(error)}`);
		process.exitCode = 1;
	}
);
