/**
 * The connection of one meeting's notes document to `/yjs/<room>`: a y-websocket provider whose
 * reconnects this class schedules itself (jittered), and the connection state a person is shown.
 * Plain TypeScript with relative imports, so Node tests and the bench drive the browser's code.
 */
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../shared/errors';
import { yjsRooms } from '../shared/events';
import { MESSAGE_NOTICE, NOTICE } from '../shared/notes';

/**
 * `live`: connected and synced. `connecting`: the first connection. `reconnecting` / `offline`:
 * lost, retrying (offline once the browser says so or a few retries failed). The last four are
 * stops: the server refused something retrying cannot fix, so nothing retries until `retry()`.
 */
export type NotesConnection =
	'connecting' | 'live' | 'reconnecting' | 'offline' | 'too-large' | 'refused' | 'signed-out' | 'rejected';

const STOPS: readonly NotesConnection[] = ['too-large', 'refused', 'signed-out', 'rejected'];

/**
 * Reconnect timing. y-websocket's own backoff is the same for every client, so a server restart
 * would bring every client back in the same instant; here each delay is drawn at random from
 * [floor, floor + min(max, first·2^attempt)] ("full jitter"), which spreads a room's reconnects
 * over the whole window.
 */
export const RECONNECT = { firstMs: 1_000, maxMs: 15_000, floorMs: 100, offlineAfter: 3 } as const;

/** The wait before reconnect attempt `attempt` (0 for the first after a loss). */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(RECONNECT.maxMs, RECONNECT.firstMs * 2 ** Math.min(attempt, 16));
	return RECONNECT.floorMs + Math.floor(random() * ceiling);
}

/** What a close code from the server means for this client: a stop, or null to retry. */
export function stopFor(code: number): NotesConnection | null {
	switch (code) {
		case CLOSE_CODES.TOO_LARGE.code:
		case 1009: // `ws` itself refuses a frame far over the limit with "message too big"
			return 'too-large';
		case CLOSE_CODES.FORBIDDEN.code:
		case CLOSE_CODES.NOT_FOUND.code:
		case CLOSE_CODES.BAD_ORIGIN.code:
			return 'refused';
		case CLOSE_CODES.UNAUTHENTICATED.code:
		case CLOSE_CODES.SESSION_ENDED.code:
			return 'signed-out';
		case CLOSE_CODES.INVALID_UPDATE.code:
			return 'rejected';
		default:
			return null; // 1001 shutting down, 1006 dropped, 4500, 4429 room full: try again later
	}
}

export interface NotesLinkOptions {
	meetingId: string;
	/** `ws(s)://host/yjs`: the room name is appended. */
	endpoint: string;
	doc?: Y.Doc;
	/** Node has no browser WebSocket; tests pass one that carries the session cookie. */
	WebSocketPolyfill?: typeof WebSocket;
	random?: () => number;
	/** Cross-tab sync through BroadcastChannel (browser only). */
	crossTab?: boolean;
}

export class NotesLink {
	readonly doc: Y.Doc;
	readonly provider: WebsocketProvider;
	/** The last reconnect delays chosen (newest last, at most 20), for tests and diagnostics. */
	readonly reconnectDelays: number[] = [];
	#state: NotesConnection = 'connecting';
	#attempt = 0;
	#everSynced = false;
	#browserOffline = false;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#documentBytes: number | null = null;
	#destroyed = false;
	readonly #random: () => number;
	readonly #listeners = new Set<() => void>();

	constructor(options: NotesLinkOptions) {
		this.doc = options.doc ?? new Y.Doc();
		this.#random = options.random ?? Math.random;
		this.provider = new WebsocketProvider(
			options.endpoint,
			yjsRooms.meetingNotes(options.meetingId),
			this.doc,
			{
				connect: false,
				disableBc: !options.crossTab,
				maxBackoffTime: RECONNECT.maxMs,
				...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
				// Every server close comes here; returning false keeps y-websocket from retrying on its
				// own (unjittered) schedule: this class decides whether and when to connect again.
				shouldReconnect: (event) => {
					this.#serverClosed(event.code);
					return false;
				}
			}
		);
		this.provider.on('sync', (synced) => synced && this.#synced());
		this.provider.on('connection-close', (event) => {
			// A local close (our disconnect, or y-websocket's 30 s silence watchdog, which then
			// reconnects by itself): show the loss; server closes are handled in shouldReconnect.
			if (!event && !this.#destroyed && !this.stopped) this.#set(this.#lostState());
		});
		this.provider.messageHandlers[MESSAGE_NOTICE] = (_encoder, decoder) => this.#notice(decoder);
	}

	get state(): NotesConnection {
		return this.#state;
	}

	get stopped(): boolean {
		return STOPS.includes(this.#state);
	}

	/** The size the server reported when the document passed its size limit; null otherwise. */
	get documentBytes(): number | null {
		return this.#documentBytes;
	}

	/** Calls `listener` after every change of state or notice; returns the unsubscribe. */
	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	start(): void {
		this.provider.connect();
	}

	/** After a stop (e.g. the person undid a too-large change): connect again now. */
	retry(): void {
		if (this.#destroyed) return;
		this.#clearTimer();
		this.#attempt = 0;
		this.#set(this.#everSynced ? 'reconnecting' : 'connecting');
		this.provider.connect();
	}

	/** The browser's online/offline events: go offline at once, come back after a jittered wait. */
	setBrowserOnline(online: boolean): void {
		if (this.#destroyed || this.#browserOffline === !online) return;
		this.#browserOffline = !online;
		if (this.stopped) return;
		if (!online) {
			this.#clearTimer();
			this.provider.disconnect();
			this.#set('offline');
			return;
		}
		this.#attempt = 0;
		this.#schedule();
	}

	destroy(): void {
		this.#destroyed = true;
		this.#clearTimer();
		this.#listeners.clear();
		this.provider.destroy();
	}

	#synced(): void {
		this.#attempt = 0;
		this.#everSynced = true;
		this.#set('live');
	}

	#serverClosed(code: number): void {
		if (this.#destroyed) return;
		const stop = stopFor(code);
		if (stop) {
			this.#clearTimer();
			this.#set(stop);
			return;
		}
		this.#set(this.#lostState());
		if (!this.#browserOffline) this.#schedule();
	}

	#schedule(): void {
		this.#clearTimer();
		const delay = reconnectDelay(this.#attempt++, this.#random);
		this.reconnectDelays.push(delay);
		if (this.reconnectDelays.length > 20) this.reconnectDelays.shift();
		this.#timer = setTimeout(() => {
			this.#timer = null;
			if (!this.#destroyed && !this.stopped && !this.#browserOffline) this.provider.connect();
		}, delay);
	}

	#lostState(): NotesConnection {
		if (this.#browserOffline || this.#attempt >= RECONNECT.offlineAfter) return 'offline';
		return this.#everSynced ? 'reconnecting' : 'connecting';
	}

	#notice(decoder: decoding.Decoder): void {
		const kind = decoding.readVarUint(decoder);
		const value = decoding.readVarUint(decoder);
		if (kind !== NOTICE.DOCUMENT_LARGE) return;
		this.#documentBytes = value > 0 ? value : null;
		this.#emit();
	}

	#set(state: NotesConnection): void {
		if (this.#state === state) return;
		this.#state = state;
		this.#emit();
	}

	#emit(): void {
		for (const listener of this.#listeners) listener();
	}

	#clearTimer(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}
}
