/**
 * Statements prepared once per connection, for the queries every change runs. Building a drizzle
 * query and having SQLite compile it costs more than running it; a hot statement is built once
 * with placeholders and kept for as long as its connection lives.
 *
 * The database and every transaction on it share one drizzle session (one better-sqlite3
 * connection), so a statement prepared through any of them runs inside whichever transaction is
 * open on that connection.
 *
 * SQLite compiles a statement again, on every run, when a value bound to it may change its plan:
 * a bound LIMIT (drizzle binds `.limit(1)`) or a bound LIKE pattern. A prepared statement
 * therefore finds the newest row with `max()` and compares prefixes with `substr()`, and
 * `prepared` refuses one that binds either.
 */
import type Database from 'better-sqlite3';
import type { Conn } from './index';

interface Session {
	client: Database.Database;
}

/** The session drizzle keeps (internally) on the database and on each of its transactions. */
function sessionOf(conn: Conn): Session {
	const session = (conn as unknown as { session?: Session }).session;
	if (!session?.client) throw new Error('This connection has no better-sqlite3 session.');
	return session;
}

/** The better-sqlite3 connection under a database or transaction. */
export function clientOf(conn: Conn): Database.Database {
	return sessionOf(conn).client;
}

const statements = new WeakMap<Session, Map<symbol, unknown>>();

/** `limit ?` or `like ?`: a bound value SQLite plans for, so it compiles the statement on every run. */
const REPLANNED = /\b(limit|like)\s+\?/i;

/** Refuses a statement that SQLite would compile again on every run (see above). */
function checkPlanIsKept<T>(statement: T): T {
	const query = (statement as { getQuery?: () => { sql: string } }).getQuery?.();
	if (query && REPLANNED.test(query.sql)) {
		throw new Error(
			`A prepared statement binds a LIMIT or LIKE value, so it would be compiled on every run: ${query.sql}`
		);
	}
	return statement;
}

/**
 * A statement built once per connection: `prepared((db) => db.select()…prepare())` returns a
 * function that, given a connection or a transaction on it, answers the statement prepared on
 * that connection (built on first use). Its placeholders are `sql.placeholder(name)`; a column
 * default computed in JavaScript would be frozen at build time, so pass such values in.
 */
export function prepared<T>(build: (conn: Conn) => T): (conn: Conn) => T {
	const key = Symbol();
	return (conn) => {
		const session = sessionOf(conn);
		let mine = statements.get(session);
		if (!mine) statements.set(session, (mine = new Map()));
		if (!mine.has(key)) mine.set(key, checkPlanIsKept(build(conn)));
		return mine.get(key) as T;
	};
}
