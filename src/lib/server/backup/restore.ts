/**
 * Restoring a backup, for the operator with the board stopped. The copy is checked first (its
 * SHA-256 against its manifest, SQLite's integrity check, the whole audit chain, and the chain's
 * head against the checkpoint in the manifest) and nothing is replaced unless every check passes.
 * The database it replaces is kept beside it, never deleted.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { actorFields, recordAudit, verifyAuditChain } from '../audit';
import * as schema from '../db/schema';
import { readManifest, sha256Of, type Manifest } from './files';

export class RestoreRefused extends Error {
	override name = 'RestoreRefused';
}

export interface CheckedBackup {
	manifest: Manifest;
	entries: number;
}

/** Every check a backup must pass before it may replace anything; throws RestoreRefused naming the first failure. */
export async function checkBackup(path: string): Promise<CheckedBackup> {
	if (!existsSync(path)) throw new RestoreRefused(`There is no backup at ${path}.`);
	let manifest: Manifest;
	try {
		manifest = readManifest(path);
	} catch (error) {
		throw new RestoreRefused(error instanceof Error ? error.message : String(error));
	}
	if ((await sha256Of(path)) !== manifest.sha256) {
		throw new RestoreRefused(
			`${basename(path)} is not the file its manifest describes (its SHA-256 differs).`
		);
	}
	const copy = new Database(path, { readonly: true, fileMustExist: true });
	try {
		const integrity = copy.pragma('integrity_check', { simple: true });
		if (integrity !== 'ok')
			throw new RestoreRefused(`${basename(path)} fails SQLite's integrity check: ${String(integrity)}.`);
		const verdict = verifyAuditChain(drizzle(copy, { schema }), [manifest.audit]);
		if (!verdict.ok) {
			throw new RestoreRefused(
				`The audit trail in ${basename(path)} is broken at entry ${verdict.brokenAt}: ${verdict.reason}.`
			);
		}
		if (verdict.entries !== manifest.audit.entries) {
			throw new RestoreRefused(
				`The audit trail in ${basename(path)} holds ${verdict.entries} entries; its manifest says ${manifest.audit.entries}.`
			);
		}
		return { manifest, entries: verdict.entries };
	} finally {
		copy.close();
	}
}

/**
 * Fails unless no other process has the database open: leaving WAL mode needs the only
 * connection, so a running board makes it fail. On success the file holds everything itself.
 */
function takeSoleHold(databasePath: string): void {
	const live = new Database(databasePath, { fileMustExist: true });
	try {
		live.pragma('busy_timeout = 0');
		const mode = live.pragma('journal_mode = DELETE', { simple: true });
		if (mode !== 'delete') throw new Error(String(mode));
	} catch {
		throw new RestoreRefused(
			'The board (or another program) has the database open. Stop the board, then restore.'
		);
	} finally {
		live.close();
	}
}

export interface Restored extends CheckedBackup {
	/** Where the database that was replaced now lies, or null when there was none. */
	keptAs: string | null;
}

/** Checks the backup, then puts it in place of the database at `databasePath` and audits that. */
export async function restoreBackup(path: string, databasePath: string, now = new Date()): Promise<Restored> {
	const checked = await checkBackup(path);
	let keptAs: string | null = null;
	if (existsSync(databasePath)) {
		takeSoleHold(databasePath);
		keptAs = `${databasePath}.before-restore-${now.toISOString().replace(/[-:.]/g, '')}`;
		renameSync(databasePath, keptAs);
		for (const suffix of ['-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });
	}
	const staged = `${databasePath}.restoring`;
	copyFileSync(path, staged);
	renameSync(staged, databasePath);
	recordRestore(databasePath, checked.manifest, now);
	return { ...checked, keptAs };
}

function recordRestore(databasePath: string, manifest: Manifest, now: Date): void {
	const restored = new Database(databasePath, { fileMustExist: true });
	try {
		recordAudit(
			drizzle(restored, { schema }),
			{
				...actorFields(null),
				sourceAddress: null,
				action: 'backup.restored',
				objectType: 'backup',
				objectId: manifest.file,
				outcome: 'success',
				detail: { entries: manifest.audit.entries, takenAt: manifest.createdAt }
			},
			now
		);
	} finally {
		restored.close();
	}
}
