/**
 * A backup as it lies on disk: the SQLite copy (`lead-board-<UTC time>.sqlite`, a name that holds
 * nothing but the time) and, beside it, its manifest (`.json`): when it was taken, its size and
 * SHA-256, and the audit chain's head it holds (a checkpoint kept outside the audit table).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { AuditCheckpointSchema } from '../audit/checkpoints';

export const MANIFEST_FORMAT = 'lead-board-backup-v1';

export const ManifestSchema = z.object({
	format: z.literal(MANIFEST_FORMAT),
	file: z.string(),
	createdAt: z.string(),
	bytes: z.number().int().nonnegative(),
	sha256: z.string().regex(/^[0-9a-f]{64}$/),
	/** Migrations the copy had applied; a newer board applies the rest when it starts on it. */
	migrations: z.number().int().nonnegative(),
	audit: AuditCheckpointSchema
});
export type Manifest = z.infer<typeof ManifestSchema>;

const NAME = /^lead-board-(\d{8}T\d{6}\d{3}Z)\.sqlite$/;

/** `lead-board-20261101T101500123Z.sqlite`: sortable, and free of anything about the people in it. */
export function backupName(at: Date): string {
	return `lead-board-${at.toISOString().replace(/[-:.]/g, '')}.sqlite`;
}

export function manifestPath(backupPath: string): string {
	return backupPath.replace(/\.sqlite$/, '.json');
}

/** Complete backups in a folder (those with a manifest), oldest first. */
export function listBackups(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((name) => NAME.test(name) && existsSync(join(dir, name.replace(/\.sqlite$/, '.json'))))
		.sort()
		.map((name) => join(dir, name));
}

export function readManifest(backupPath: string): Manifest {
	const path = manifestPath(backupPath);
	if (!existsSync(path)) throw new Error(`${basename(path)} is missing: this is not a complete backup.`);
	const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
	if (!parsed.success) throw new Error(`${basename(path)} is not a backup manifest this board reads.`);
	return parsed.data;
}

export function sha256Of(path: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const hash = createHash('sha256');
		createReadStream(path)
			.on('data', (chunk) => hash.update(chunk))
			.on('error', reject)
			.on('end', () => resolve(hash.digest('hex')));
	});
}
