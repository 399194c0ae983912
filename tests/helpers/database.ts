/** Reads rows straight from a board's SQLite file (WAL lets a reader in beside the server). */
import Database from 'better-sqlite3';

export function readRows<T>(path: string, sql: string, ...params: string[]): T[] {
	const db = new Database(path, { readonly: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
}
