/**
 * SQLite persistence of Yjs documents: an append-only update log per document plus a compacted
 * snapshot. Every method is synchronous (better-sqlite3), so callers can persist before they act.
 */
import { asc, eq, and, lte, count, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Conn, Db } from '../db/index';
import { yjsDocuments, yjsUpdates } from '../db/schema';
import { inWrite } from '../db/write';

/** Returns null when `update` is structurally sound, or a short reason when it is not. */
export type YjsUpdateValidator = (update: Uint8Array) => string | null;

export interface LoadedYjsDocument {
	doc: Y.Doc;
	/** Id of the newest log row applied (0 when the log was empty). */
	lastUpdateId: number;
	/** Log rows applied on top of the snapshot (not yet compacted). */
	pendingUpdates: number;
	/** Bytes of those rows. */
	pendingBytes: number;
	/** Bytes of the stored snapshot (0 when there is none). */
	snapshotBytes: number;
}

/** What the store holds for one document: its snapshot (if ever compacted) and newer log rows. */
export interface StoredYjsDocument {
	snapshot: Uint8Array | null;
	rows: { id: number; update: Uint8Array }[];
}

/** A stored document could not be rebuilt: the caller must refuse it, never start it blank. */
export class YjsLoadError extends Error {
	constructor(
		readonly docName: string,
		readonly part: 'snapshot' | 'update',
		readonly rowId: number | null,
		cause: unknown
	) {
		const why = cause instanceof Error ? cause.message : String(cause);
		super(
			`Yjs document ${docName} could not be loaded (${part}${rowId === null ? '' : ` #${rowId}`}): ${why}`
		);
		this.name = 'YjsLoadError';
	}
}

/**
 * Takes the drizzle database of `openDatabase()` (the better-sqlite3 driver: calls run synchronously).
 * Tables: `yjs_documents` (snapshot per name) and `yjs_updates` (log rows newer than the snapshot).
 */
export class YjsStore {
	/**
	 * The append runs for every keystroke of every writer: its statement is prepared once (at the
	 * first append, so a store built only to read prepares nothing), and it runs in the driver's
	 * own transaction, which costs a third of building both per call.
	 */
	private appendInTransaction: ((name: string, update: Buffer, apply?: () => void) => number) | null = null;

	constructor(private readonly db: Db) {}

	private preparedAppend() {
		if (this.appendInTransaction) return this.appendInTransaction;
		const insert = this.db
			.insert(yjsUpdates)
			.values({ docName: sql.placeholder('name'), update: sql.placeholder('update') })
			.returning({ id: yjsUpdates.id })
			.prepare();
		this.appendInTransaction = this.db.$client.transaction(
			(name: string, update: Buffer, apply?: () => void) => {
				const row = insert.get({ name, update });
				if (!row) throw new Error('The update log returned no row id.');
				apply?.();
				return row.id;
			}
		).immediate;
		return this.appendInTransaction;
	}

	/** See `loadYjsDocument`. */
	load(name: string, options: { validate?: YjsUpdateValidator } = {}): LoadedYjsDocument {
		return loadYjsDocument(this.db, name, options);
	}

	/** See `readYjsDocument`. */
	read(name: string, options: { validate?: YjsUpdateValidator } = {}): StoredYjsDocument {
		return readYjsDocument(this.db, name, options);
	}

	/**
	 * Appends one update to the log and returns its row id. When `apply` is given it runs inside
	 * the same transaction, after the row is written: if it throws, the row is rolled back, so the
	 * log never holds an update the in-memory document refused. If the append throws, `apply` never runs.
	 */
	append(name: string, update: Uint8Array, apply?: () => void): number {
		return this.preparedAppend()(name, toBuffer(update), apply);
	}

	/**
	 * Writes `snapshot` (the full encoded state) and deletes the log rows it covers (id ≤ throughId),
	 * in ONE transaction: either both happen or neither does.
	 */
	compact(name: string, snapshot: Uint8Array, throughId: number): void {
		inWrite(this.db, () => {
			const row = { name, snapshot: toBuffer(snapshot), updatedAt: new Date() };
			this.db
				.insert(yjsDocuments)
				.values(row)
				.onConflictDoUpdate({
					target: yjsDocuments.name,
					set: { snapshot: row.snapshot, updatedAt: row.updatedAt }
				})
				.run();
			this.db
				.delete(yjsUpdates)
				.where(and(eq(yjsUpdates.docName, name), lte(yjsUpdates.id, throughId)))
				.run();
		});
	}

	/** Log rows not yet compacted into the snapshot (for tests and diagnostics). */
	pendingCount(name: string): number {
		const row = this.db.select({ n: count() }).from(yjsUpdates).where(eq(yjsUpdates.docName, name)).get();
		return row?.n ?? 0;
	}

	/** The stored snapshot bytes, or null when the document was never compacted. */
	readSnapshot(name: string): Uint8Array | null {
		return readSnapshot(this.db, name);
	}
}

/**
 * Rebuilds a document from its snapshot and every newer log row, in id order. A row that is
 * rejected by `validate` or that Yjs cannot apply throws YjsLoadError: no blank document is
 * ever returned in place of a stored one. A name with no rows yields a new empty document. Works
 * on the database or inside a transaction.
 */
export function loadYjsDocument(
	conn: Conn,
	name: string,
	options: { validate?: YjsUpdateValidator } = {}
): LoadedYjsDocument {
	const stored = readYjsDocument(conn, name, options);
	const doc = new Y.Doc({ gc: true });
	try {
		if (stored.snapshot) applyStored(doc, name, 'snapshot', null, stored.snapshot);
		for (const row of stored.rows) applyStored(doc, name, 'update', row.id, row.update);
		const { rows } = stored;
		return {
			doc,
			lastUpdateId: rows.length ? rows[rows.length - 1].id : 0,
			pendingUpdates: rows.length,
			pendingBytes: rows.reduce((sum, row) => sum + row.update.byteLength, 0),
			snapshotBytes: stored.snapshot?.byteLength ?? 0
		};
	} catch (error) {
		doc.destroy();
		throw error;
	}
}

/**
 * The stored bytes of a document without building it: the snapshot and the newer log rows in
 * id order, each checked by `validate` (YjsLoadError names the first one it rejects).
 */
export function readYjsDocument(
	conn: Conn,
	name: string,
	options: { validate?: YjsUpdateValidator } = {}
): StoredYjsDocument {
	const snapshot = readSnapshot(conn, name);
	if (snapshot) check(name, 'snapshot', null, snapshot, options.validate);
	const rows = conn
		.select({ id: yjsUpdates.id, update: yjsUpdates.update })
		.from(yjsUpdates)
		.where(eq(yjsUpdates.docName, name))
		.orderBy(asc(yjsUpdates.id))
		.all();
	for (const row of rows) check(name, 'update', row.id, row.update, options.validate);
	return { snapshot, rows };
}

function readSnapshot(conn: Conn, name: string): Uint8Array | null {
	const row = conn
		.select({ snapshot: yjsDocuments.snapshot })
		.from(yjsDocuments)
		.where(eq(yjsDocuments.name, name))
		.get();
	return row ? row.snapshot : null;
}

function check(
	name: string,
	part: 'snapshot' | 'update',
	rowId: number | null,
	bytes: Uint8Array,
	validate: YjsUpdateValidator | undefined
): void {
	const invalid = validate?.(bytes) ?? null;
	if (invalid !== null) throw new YjsLoadError(name, part, rowId, invalid);
}

function applyStored(
	doc: Y.Doc,
	name: string,
	part: 'snapshot' | 'update',
	rowId: number | null,
	bytes: Uint8Array
) {
	try {
		Y.applyUpdate(doc, bytes);
	} catch (error) {
		throw new YjsLoadError(name, part, rowId, error);
	}
}

/** better-sqlite3 binds Buffers as blobs; a view on the same memory avoids a copy. */
function toBuffer(bytes: Uint8Array): Buffer {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
