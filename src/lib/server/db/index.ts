/**
 * Opens the board's SQLite file (or an in-memory database for tests) and brings its schema up
 * to date with the committed migrations. A failing migration throws: the board never runs on a
 * schema it does not understand.
 */
import Database from 'better-sqlite3';
import type { RunResult } from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';
import { startCheckpointer } from './checkpointer';
import { log } from '../log';

/** The drizzle database, with the better-sqlite3 connection under it (`$client`) for hot paths. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The most disk the write-ahead log keeps between bursts of writes. */
export const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/** The database or a transaction on it: domain functions accept either, so callers can nest them. */
export type Conn = BaseSQLiteDatabase<'sync', RunResult, typeof schema>;

export interface OpenDatabase {
	db: Db;
	sqlite: Database.Database;
	close(): void;
}

/** Finds the committed `drizzle/` folder from this file, or from the working directory. */
export function migrationsFolder(): string {
	let dir = dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 8; i++) {
		if (existsSync(join(dir, 'drizzle', 'meta', '_journal.json'))) return join(dir, 'drizzle');
		dir = dirname(dir);
	}
	return resolve('drizzle');
}

export function openDatabase(path: string): OpenDatabase {
	if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
	const sqlite = new Database(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// WAL with NORMAL sync survives a killed process; only an OS crash can lose the last commits.
	sqlite.pragma('synchronous = NORMAL');
	// A burst of writes (an import, a busy meeting) grows the write-ahead log; once it is copied
	// back and starts over, its file is cut back to this size instead of keeping the disk it took.
	sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
	const db = drizzle(sqlite, { schema });
	migrate(db, { migrationsFolder: migrationsFolder() });
	if (path === ':memory:') return { db, sqlite, close: () => sqlite.close() };
	const checkpointer = startCheckpointer(
		sqlite,
		resolve(path),
		(code) => log('warn', 'db.checkpoint_failed', { error: code }),
		{ catchUpBytes: WAL_SIZE_LIMIT_BYTES / 2 }
	);
	return {
		db,
		sqlite,
		close() {
			checkpointer.stop();
			sqlite.close();
		}
	};
}

export { schema };
