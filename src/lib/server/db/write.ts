import type { Conn } from './index';
import { clientOf } from './prepared';

/**
 * Runs `write` in one write transaction on the connection under `conn`, or as a savepoint inside a
 * transaction already open. Every write of more than one statement goes through here, except the
 * notes store's append of each edit, which keeps one immediate transaction prepared. It takes
 * the write lock first (`BEGIN IMMEDIATE`), waiting out another process's write (a backup, a
 * command line) for the busy timeout, instead of reading a moment that process's commit then
 * makes stale, which SQLite refuses at the first write without waiting at all. It uses
 * better-sqlite3's transaction directly, without the drizzle transaction object (a query builder
 * for every table) that `conn.transaction` would build each time: `write` keeps using `conn`, and
 * its statements run inside the transaction because they share the connection.
 */
export function inWrite<T>(conn: Conn, write: () => T): T {
	const sqlite = clientOf(conn);
	const run = sqlite.transaction(write);
	return sqlite.inTransaction ? run() : run.immediate();
}

/**
 * Runs reads that belong together (a change's fan-out to every open screen) in one transaction
 * that only reads (`BEGIN DEFERRED`): every read sees the same moment of the database, and SQLite
 * takes its read lock once instead of once per statement. Inside a transaction already open, the
 * reads are simply part of it.
 */
export function inSnapshot<T>(conn: Conn, read: () => T): T {
	const sqlite = clientOf(conn);
	return sqlite.inTransaction ? read() : sqlite.transaction(read).deferred();
}
