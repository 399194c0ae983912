/**
 * Takes a backup with SQLite's online backup API while the board is in use. From the board's own
 * connection it copies in steps between which the board keeps writing (SQLite carries those writes
 * into the copy); from another process (`npm run backup`) it copies every page in one step, one
 * read transaction, so writes from the board cannot make it start over. Either way the copy is one
 * consistent moment of the database, meeting notes included, and every change committed before
 * the backup began is in it.
 */
import Database from 'better-sqlite3';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { chainHead } from '../audit/checkpoints';
import { recordAudit, actorFields } from '../audit';
import * as schema from '../db/schema';
import { backupName, manifestPath, MANIFEST_FORMAT, sha256Of, type Manifest } from './files';

export interface BackupOptions {
	/** The folder the copy goes to (created if missing). */
	dir: string;
	/** True when the connection is the board's own, which keeps writing during the copy. */
	sharedConnection?: boolean;
	now?: Date;
}

/** Copies the database into `dir`, writes its manifest, and records the backup in the audit trail. */
export async function takeBackup(source: Database.Database, options: BackupOptions): Promise<Manifest> {
	const now = options.now ?? new Date();
	mkdirSync(options.dir, { recursive: true });
	const file = backupName(now);
	const path = join(options.dir, file);
	const partial = `${path}.partial`;
	try {
		// A step of every page is one read transaction; the board's own connection takes 100 at a time.
		await source.backup(partial, options.sharedConnection ? undefined : { progress: () => 0x7fffffff });
		selfContained(partial);
		const { audit, migrations } = describeCopy(partial);
		const manifest: Manifest = {
			format: MANIFEST_FORMAT,
			file,
			createdAt: now.toISOString(),
			bytes: statSync(partial).size,
			sha256: await sha256Of(partial),
			migrations,
			audit
		};
		renameSync(partial, path);
		writeFileSync(manifestPath(path), `${JSON.stringify(manifest, null, '\t')}\n`);
		recordBackup(source, manifest);
		return manifest;
	} finally {
		for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
	}
}

/**
 * Makes the copy one file. It comes out of the backup API in the live database's write-ahead-log
 * mode, in which every later reader (a check, `audit:verify`, a restore) would leave a `-wal` and
 * a `-shm` beside it in the backup folder; in SQLite's rollback-journal mode a reader leaves
 * nothing. The board puts a restored database back in write-ahead-log mode when it starts.
 */
function selfContained(path: string): void {
	const copy = new Database(path, { fileMustExist: true });
	try {
		copy.pragma('journal_mode = DELETE');
	} finally {
		copy.close();
	}
}

/** The copy's own audit head and migration count, read from the copy itself. */
function describeCopy(path: string): Pick<Manifest, 'audit' | 'migrations'> {
	const copy = new Database(path, { readonly: true, fileMustExist: true });
	try {
		const audit = chainHead(drizzle(copy, { schema }));
		const migrations = (copy.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number })
			.n;
		return { audit, migrations };
	} finally {
		copy.close();
	}
}

function recordBackup(source: Database.Database, manifest: Manifest): void {
	recordAudit(drizzle(source, { schema }), {
		...actorFields(null),
		sourceAddress: null,
		action: 'backup.created',
		objectType: 'backup',
		objectId: manifest.file,
		outcome: 'success',
		detail: { entries: manifest.audit.entries, bytes: manifest.bytes }
	});
}
