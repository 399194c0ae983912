/**
 * `npm run audit:verify`: checks the board's audit trail hash chain, read-only, and holds it to
 * the checkpoints of its head kept outside the database: every backup's manifest in BACKUP_DIR
 * (or `--backups DIR`) and, with `--log FILE` (`-` for standard input), the board's log. Without
 * a checkpoint, entries cut off the end of the chain cannot be seen; with one they can.
 * Reads DATABASE_PATH like the server. Exit 0 when intact, 1 when broken (naming the first bad
 * entry), 2 when the trail cannot be read at all.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkpointsInLog, verifyAuditChain, type AuditCheckpoint } from '../src/lib/server/audit';
import { listBackups, readManifest } from '../src/lib/server/backup/files';
import { loadStorage } from '../src/lib/server/config';
import * as schema from '../src/lib/server/db/schema';

const TRIGGERS = ['audit_events_no_update', 'audit_events_no_delete'];

function checkpoints(backupDir: string, logFile: string | undefined): AuditCheckpoint[] {
	const found = listBackups(backupDir).map((path) => readManifest(path).audit);
	if (logFile) found.push(...checkpointsInLog(readFileSync(logFile === '-' ? 0 : logFile, 'utf8')));
	return found;
}

function main(): number {
	const { values } = parseArgs({ options: { log: { type: 'string' }, backups: { type: 'string' } } });
	const { databasePath: path, backupDir } = loadStorage();
	if (!existsSync(path)) {
		console.error(`No board database at ${path} (set DATABASE_PATH).`);
		return 2;
	}
	const anchors = checkpoints(values.backups ?? backupDir, values.log);
	const sqlite = new Database(path, { readonly: true, fileMustExist: true });
	try {
		const table = sqlite
			.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'")
			.get();
		if (!table) {
			console.error(`The database at ${path} has no audit trail table.`);
			return 2;
		}
		const verdict = verifyAuditChain(drizzle(sqlite, { schema }), anchors);
		if (!verdict.ok) {
			console.log(`Audit trail broken at entry ${verdict.brokenAt}: ${verdict.reason}.`);
			return 1;
		}
		console.log(`Audit trail intact: ${verdict.entries} entries.`);
		console.log(describeAnchors(anchors));
		warnOnMissingTriggers(sqlite);
		return 0;
	} finally {
		sqlite.close();
	}
}

function describeAnchors(anchors: AuditCheckpoint[]): string {
	if (!anchors.length) {
		return 'No checkpoint of its head was found (no backups, no --log), so entries cut off its end would not show.';
	}
	const latest = anchors.reduce((a, b) => (b.entries > a.entries ? b : a));
	return `Its end matches ${anchors.length} checkpoint${anchors.length === 1 ? '' : 's'} (the latest, ${latest.at}, counted ${latest.entries}).`;
}

/** An intact chain without its triggers means someone could have tried; say so. */
function warnOnMissingTriggers(sqlite: Database.Database) {
	const present = sqlite
		.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")
		.all()
		.map((r) => (r as { name: string }).name);
	const missing = TRIGGERS.filter((t) => !present.includes(t));
	if (missing.length) console.error(`Warning: the append-only triggers are missing (${missing.join(', ')}).`);
}

process.exitCode = main();
