import type Database from 'better-sqlite3';

/**
 * Every row of a table in a fixed order, for digests that prove nothing changed: by row number,
 * or by primary key for a table kept without one (`WITHOUT ROWID`, which is read in key order).
 */
export function tableRows(db: Database.Database, table: string): unknown[] {
	const { wr } = db.prepare('select wr from pragma_table_list where name = ?').get(table) as { wr: number };
	return db.prepare(`select * from "${table}"${wr ? '' : ' order by rowid'}`).all();
}
