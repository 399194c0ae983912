/**
 * `npm run audit:verify`: checks the board's audit trail hash chain, read-only.
 * Reads DATABASE_PATH like the server (default ./data/lead-board.sqlite). Exit 0 when intact,
 * 1 when broken (naming the first bad entry), 2 when the trail cannot be read at all.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { existsSync } from 'node:fs';
import { verifyAuditChain } from '../src/lib/server/audit';
import * as schema from '../src/lib/server/db/schema';

const TRIGGERS = ['audit_events_no_update', 'audit_events_no_delete'];

function main(): number {
	const path = process.env.DATABASE_PATH || './data/lead-board.sqlite';
	if (!existsSync(path)) {
		console.error(`No board database at ${path} (set DATABASE_PATH).`);
		return 2;
	}
	const sqlite = new Database(path, { readonly: true, fileMustExist: true });
	try {
		const table = sqlite
			.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'")
			.get();
		if (!table) {
			console.error(`The database at ${path} has no audit trail table.`);
			return 2;
		}
		const verdict = verifyAuditChain(drizzle(sqlite, { schema }));
		if (!verdict.ok) {
			console.log(`Audit trail broken at entry ${verdict.brokenAt}: ${verdict.reason}.`);
			return 1;
		}
		console.log(`Audit trail intact: ${verdict.entries} entries.`);
		warnOnMissingTriggers(sqlite);
		return 0;
	} finally {
		sqlite.close();
	}
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
