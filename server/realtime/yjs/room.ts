/**
 * One loaded document and its connected peers: applies accepted updates (persist first, then
 * apply, then broadcast), keeps presence, and compacts the update log into a snapshot.
 */
import * as Y from 'yjs';
import type { CloseCode } from '../../../src/lib/shared/errors';
import type { LoadedYjsDocument } from '../../../src/lib/server/notes/yjs-store';
import { RoomPresence } from './presence';
import { NOTICE } from '../../../src/lib/shared/notes';
import { encodeNotice, encodeSyncStep1, encodeUpdate } from './protocol';
import type { YjsAccess, YjsSettings } from './types';

/** What a room needs from a connection. */
export interface Peer {
	readonly id: number;
	readonly access: YjsAccess;
	send(frame: Uint8Array): void;
	close(code: CloseCode): void;
}

/**
 * Where an update failed: `append` (nothing changed anywhere), `apply` (Yjs threw: the row was
 * rolled back but the in-memory doc may be half-changed), `commit` (applied in memory, not stored).
 */
export type ApplyStage = 'append' | 'apply' | 'commit';
export type ApplyOutcome = { ok: true } | { ok: false; stage: ApplyStage; error: unknown };

export class Room {
	readonly peers = new Set<Peer>();
	readonly presence: RoomPresence<Peer>;
	readonly doc: Y.Doc;
	/** Set once the room is unloaded or evicted: its doc must not be used any more. */
	closed = false;
	private lastUpdateId: number;
	private pendingUpdates: number;
	private pendingBytes: number;
	private snapshotBytes: number;
	private compactTimer: NodeJS.Timeout | null = null;
	private tooLargeReported = false;
	private lastMeasuredBytes = 0;

	constructor(
		readonly name: string,
		loaded: LoadedYjsDocument,
		private readonly settings: YjsSettings
	) {
		this.doc = loaded.doc;
		this.lastUpdateId = loaded.lastUpdateId;
		this.pendingUpdates = loaded.pendingUpdates;
		this.pendingBytes = loaded.pendingBytes;
		this.snapshotBytes = loaded.snapshotBytes;
		this.presence = new RoomPresence<Peer>(
			this.doc,
			(frame) => this.broadcast(frame),
			(peer) => (peer.access.identity ? { ...peer.access.identity, canEdit: peer.access.canWrite } : null)
		);
		if (this.pendingUpdates > 0) this.armCompactTimer();
		if (this.estimatedBytes() > settings.maxDocumentBytes) this.reportSize(this.measure());
	}

	/** A peer joins: writers get the server's state vector so they send what the server lacks. */
	join(peer: Peer): void {
		this.peers.add(peer);
		if (peer.access.canWrite) peer.send(encodeSyncStep1(this.doc));
		const states = this.presence.statesFrame();
		if (states) peer.send(states);
		if (this.tooLargeReported) peer.send(encodeNotice(NOTICE.DOCUMENT_LARGE, this.lastMeasuredBytes));
	}

	leave(peer: Peer): void {
		if (!this.peers.delete(peer)) return;
		if (!this.closed) this.presence.release(peer);
	}

	broadcast(frame: Uint8Array): void {
		for (const peer of this.peers) peer.send(frame);
	}

	/**
	 * Applies an already validated update from `origin`. Durability: the log row is inserted
	 * synchronously BEFORE Yjs applies the update, inside one SQLite transaction that commits
	 * before anything is broadcast, so an update any client could have seen is always on disk
	 * (crash-loss window: zero). A failed append leaves the doc untouched; a failed apply rolls
	 * the row back, so the log never holds an update that cannot be replayed.
	 */
	applyUpdate(update: Uint8Array, origin: Peer): ApplyOutcome {
		const emitted: Uint8Array[] = [];
		const capture = (produced: Uint8Array) => emitted.push(produced);
		const progress: { stage: ApplyStage } = { stage: 'append' };
		this.doc.on('update', capture);
		try {
			const id = this.settings.store.append(this.name, update, () => {
				progress.stage = 'apply';
				Y.applyUpdate(this.doc, update, origin);
				progress.stage = 'commit';
			});
			this.lastUpdateId = id;
			this.pendingUpdates++;
			this.pendingBytes += update.byteLength;
		} catch (error) {
			return { ok: false, stage: progress.stage, error };
		} finally {
			this.doc.off('update', capture);
		}
		// Everything the doc integrated (possibly earlier pending structs too) goes to every peer.
		for (const produced of emitted) this.broadcast(encodeUpdate(produced));
		this.scheduleCompaction();
		return { ok: true };
	}

	get hasPendingSave(): boolean {
		return this.pendingUpdates > 0 || this.compactTimer !== null;
	}

	/**
	 * Writes the full state as the snapshot and drops the log rows it covers (one transaction).
	 * Returns false when the write failed; the log still holds every update, and a retry is armed.
	 */
	compact(): boolean {
		this.clearCompactTimer();
		if (this.closed || this.pendingUpdates === 0) return true;
		const started = performance.now();
		const snapshot = Y.encodeStateAsUpdate(this.doc);
		try {
			this.settings.store.compact(this.name, snapshot, this.lastUpdateId);
		} catch (error) {
			this.settings.log('yjs.compact_failed', { room: this.name, error: errorName(error) });
			this.armCompactTimer();
			return false;
		}
		this.settings.log('yjs.compacted', {
			room: this.name,
			updates: this.pendingUpdates,
			bytes: snapshot.byteLength,
			ms: Math.round(performance.now() - started)
		});
		this.pendingUpdates = 0;
		this.pendingBytes = 0;
		this.snapshotBytes = snapshot.byteLength;
		this.reportSize(snapshot.byteLength);
		return true;
	}

	/** Stops timers and frees the doc. Does not save: callers compact first when they can. */
	destroy(): void {
		this.closed = true;
		this.clearCompactTimer();
		this.presence.destroy();
		this.doc.destroy();
	}

	private scheduleCompaction(): void {
		const { compactAfterUpdates, maxDocumentBytes } = this.settings;
		if (this.pendingUpdates >= compactAfterUpdates) {
			this.compact();
			return;
		}
		// Past the size limit by the estimate: measure now (at most once per 5% of the limit of new bytes).
		const grewEnough = this.pendingBytes >= maxDocumentBytes / 20;
		if (!this.tooLargeReported && grewEnough && this.estimatedBytes() > maxDocumentBytes) {
			this.compact();
			return;
		}
		this.armCompactTimer();
	}

	private armCompactTimer(): void {
		if (this.compactTimer || this.closed) return;
		this.compactTimer = setTimeout(() => {
			this.compactTimer = null;
			this.compact();
		}, this.settings.compactAfterMs);
		this.compactTimer.unref();
	}

	private clearCompactTimer(): void {
		if (this.compactTimer) clearTimeout(this.compactTimer);
		this.compactTimer = null;
	}

	/** Upper bound of the encoded size, for the operator's metrics. */
	get sizeEstimate(): number {
		return this.estimatedBytes();
	}

	/** Upper bound of the encoded size: last snapshot plus every update logged since. */
	private estimatedBytes(): number {
		return this.snapshotBytes + this.pendingBytes;
	}

	private measure(): number {
		return Y.encodeStateAsUpdate(this.doc).byteLength;
	}

	/**
	 * Calls onDocumentTooLarge when the size passes the limit (again after it fell back under),
	 * and tells the room's editors through a notice frame (0 once it is back under).
	 */
	private reportSize(bytes: number): void {
		const over = bytes > this.settings.maxDocumentBytes;
		this.lastMeasuredBytes = bytes;
		if (over !== this.tooLargeReported) this.broadcast(encodeNotice(NOTICE.DOCUMENT_LARGE, over ? bytes : 0));
		if (over && !this.tooLargeReported) {
			this.settings.log('yjs.document_too_large', { room: this.name, bytes });
			try {
				this.settings.onDocumentTooLarge(this.name, bytes);
			} catch (error) {
				this.settings.log('yjs.too_large_callback_failed', { room: this.name, error: errorName(error) });
			}
		}
		this.tooLargeReported = over;
	}
}

/** A loggable name for an error: its class and code, never its message (it could quote content). */
export function errorName(error: unknown): string {
	if (!(error instanceof Error)) return typeof error;
	const code = (error as { code?: unknown }).code;
	return typeof code === 'string' ? `${error.name}:${code}` : error.name;
}
