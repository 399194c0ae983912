/**
 * The public contract of the Yjs WebSocket server (re-exported by index.ts) and the option
 * defaults every other file in this folder reads from.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { CloseCode } from '../../../src/lib/shared/errors';
import type { YjsStore } from '../../../src/lib/server/notes/yjs-store';

export interface YjsAccess {
	userId: string;
	sessionId: string;
	canWrite: boolean;
	/** Who the session says this is; shown in the notes' presence instead of what the browser claims. */
	identity?: { name: string; agencyKind: string };
}

export type YjsAuthorize = (
	req: IncomingMessage,
	room: string
) => Promise<{ ok: true; access: YjsAccess } | { ok: false; reason: CloseCode }>;

export type YjsLog = (event: string, fields: Record<string, string | number>) => void;

export interface YjsServerOptions {
	store: YjsStore;
	authorize: YjsAuthorize;
	/** A single incoming message over this is refused: close with CLOSE_CODES.TOO_LARGE. */
	maxUpdateBytes: number;
	/** When a document's encoded size passes this, onDocumentTooLarge is called (nothing is refused). */
	maxDocumentBytes: number;
	/** One more is refused at the upgrade with ROOM_FULL (HTTP 429). */
	maxClientsPerRoom: number;
	/** Compact once this many updates are logged since the snapshot. Default 500. */
	compactAfterUpdates?: number;
	/** Compact this long after the first uncompacted update. Default 10 s. */
	compactAfterMs?: number;
	/** A document with no clients is compacted, then unloaded after this. Default 10 s. */
	unloadAfterMs?: number;
	/** Ping interval; a connection that has not answered the previous ping is terminated. Default 15 s. */
	heartbeatMs?: number;
	onDocumentTooLarge?: (room: string, bytes: number) => void;
	/**
	 * A writer's update was stored: the person is at work, so their session is not idle. Called at
	 * most once per activityEveryMs per session, however many tabs it has open. Awareness
	 * (cursors, the periodic presence renewal an open tab sends by itself) never counts.
	 */
	onActivity?: (access: YjsAccess) => void;
	/** Default 5 s. */
	activityEveryMs?: number;
	/** Never receives document content: only ids, sizes, codes. */
	log?: YjsLog;
}

export interface YjsServer {
	/** Called by the one upgrade router for paths under /yjs/. `room` is the decoded path remainder. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, room: string): void;
	/** Close every connection of this session / user with the given close code (sign-out, role change). */
	closeSession(sessionId: string, reason: CloseCode): void;
	closeUser(userId: string, reason: CloseCode): void;
	/** Re-run authorize-like checks on open connections: false → close with FORBIDDEN. */
	recheck(check: (access: YjsAccess, room: string) => boolean | Promise<boolean>): Promise<void>;
	/** Persist everything pending (compact loaded docs). Called on SIGTERM. */
	flush(): Promise<void>;
	/** flush, then close all connections with SHUTTING_DOWN. */
	close(): Promise<void>;
	/** Rooms in memory, open connections, and the rooms' encoded sizes (upper bounds). */
	stats(): { documents: number; connections: number; bytes: { total: number; largest: number } };
}

/** Options with every default filled in. */
export interface YjsSettings {
	store: YjsStore;
	maxUpdateBytes: number;
	maxDocumentBytes: number;
	maxClientsPerRoom: number;
	compactAfterUpdates: number;
	compactAfterMs: number;
	unloadAfterMs: number;
	heartbeatMs: number;
	onDocumentTooLarge: (room: string, bytes: number) => void;
	onActivity: (access: YjsAccess) => void;
	activityEveryMs: number;
	log: YjsLog;
}

export function resolveSettings(options: YjsServerOptions): YjsSettings {
	for (const key of ['maxUpdateBytes', 'maxDocumentBytes', 'maxClientsPerRoom'] as const) {
		const value = options[key];
		if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${key} must be a positive number`);
	}
	return {
		store: options.store,
		maxUpdateBytes: options.maxUpdateBytes,
		maxDocumentBytes: options.maxDocumentBytes,
		maxClientsPerRoom: options.maxClientsPerRoom,
		compactAfterUpdates: options.compactAfterUpdates ?? 500,
		compactAfterMs: options.compactAfterMs ?? 10_000,
		unloadAfterMs: options.unloadAfterMs ?? 10_000,
		heartbeatMs: options.heartbeatMs ?? 15_000,
		onDocumentTooLarge: options.onDocumentTooLarge ?? (() => {}),
		onActivity: options.onActivity ?? (() => {}),
		activityEveryMs: options.activityEveryMs ?? 5_000,
		log: options.log ?? (() => {})
	};
}
