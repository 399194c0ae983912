/**
 * `npm run backup`: a consistent copy of the board's database, taken while the board is in use
 * (SQLite's online backup API), into BACKUP_DIR (or `--to DIR`), with its manifest beside it.
 * The backup is recorded in the audit trail. Exit 0 when taken, 1 when it failed.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { takeBackup } from '../src/lib/server/backup/take';
import { ConfigError, loadStorage } from '../src/lib/server/config';

async function main(): Promise<number> {
	const { values } = parseArgs({ options: { to: { type: 'string' } } });
	const storage = loadStorage();
	if (!existsSync(storage.databasePath)) {
		console.error(`No board database at ${storage.databasePath} (set DATABASE_PATH).`);
		return 1;
	}
	const sqlite = new Database(storage.databasePath, { fileMustExist: true });
	try {
		sqlite.pragma('busy_timeout = 5000');
		const dir = values.to ?? storage.backupDir;
		const manifest = await takeBackup(sqlite, { dir });
		console.log(
			`Backup taken: ${dir}/${manifest.file} (${manifest.bytes} bytes; audit trail: ${manifest.audit.entries} entries, head ${manifest.audit.hash.slice(0, 16)}…).`
		);
		return 0;
	} finally {
		sqlite.close();
	}
}

main().then(
	(code) => (process.exitCode = code),
	(error: unknown) => {
		console.error(error instanceof ConfigError ? error.message : `Backup failed: ${String(error)}`);
		process.exitCode = 1;
	}
);
