/**
 * Opening a room that is not in memory. Building a long document takes Yjs as long on the server
 * as it does in the client, so the client is not made to wait for both in turn: the stored
 * snapshot and log rows (already checked) go to it first, and the server loads the document
 * while the client applies them. Whatever the client sends meanwhile is held, then handled once
 * the room is loaded, in order.
 */
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import * as Y from 'yjs';
import { CLOSE_CODES, type CloseCode } from '../../../src/lib/shared/errors';
import type { StoredYjsDocument } from '../../../src/lib/server/notes/yjs-store';
import { encodeStoredState, encodeUpdate } from './protocol';
import { errorName, type Room } from './room';
import type { RoomRegistry } from './registry';
import type { YjsAccess, YjsSettings } from './types';

/** How long the load waits for the stored state to be handed to the network before it starts anyway. */
const SEND_WAIT_MS = 1_000;
/** What may be held while the room loads, in maximum-size updates. */
const HOLD_LIMIT_UPDATES = 4;
/** An update with no structs and no deletions. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

export interface HeldMessage {
	data: RawData;
	isBinary: boolean;
}

/** What a connection opened this way starts with. */
export interface ColdStart {
	/** Messages the client sent before the room was loaded. */
	held: HeldMessage[];
	/**
	 * A state vector the client is sure to hold once it has read what it was sent (counted
	 * conservatively from the snapshot), so its first sync step 1 is not answered with it again.
	 */
	sentStateVector: Uint8Array | null;
}

/** What opening a cold room needs from the admission that started it. */
export interface ColdOpenContext {
	settings: YjsSettings;
	registry: RoomRegistry;
	isClosing(): boolean;
	/** Hands over the WebSocket and the TCP socket it was upgraded from. */
	connected(ws: WebSocket, socket: Duplex, room: Room, access: YjsAccess, cold?: ColdStart): void;
}

/** True when the store holds anything for the room: an empty one has nothing to send ahead. */
export function hasContent(stored: StoredYjsDocument): boolean {
	return stored.snapshot !== null || stored.rows.length > 0;
}

/**
 * Runs once the WebSocket is open: sends the stored state, loads the room (single-flight, like
 * every load), then hands the socket over. A failed load closes the socket with SERVER_ERROR;
 * nothing is created or stored for it. `release` frees the seat held for this client.
 */
export async function openCold(
	ctx: ColdOpenContext,
	{ ws, socket }: { ws: WebSocket; socket: Duplex },
	name: string,
	access: YjsAccess,
	stored: StoredYjsDocument,
	release: () => void
): Promise<void> {
	const held: HeldMessage[] = [];
	let heldBytes = 0;
	const hold = (data: RawData, isBinary: boolean) => {
		heldBytes += byteLength(data);
		// A client flooding the socket while the room loads is cut rather than buffered without end.
		if (heldBytes > HOLD_LIMIT_UPDATES * ctx.settings.maxUpdateBytes) close(ws, 'TOO_LARGE');
		else held.push({ data, isBinary });
	};
	ws.on('message', hold);
	ws.once('close', release);
	try {
		await sendStored(ws, stored);
		const sentStateVector = stored.snapshot ? Y.encodeStateVectorFromUpdate(stored.snapshot) : null;
		const room = await load(ctx, ws, name);
		if (!room || ws.readyState !== ws.OPEN) return;
		ws.off('message', hold);
		ctx.connected(ws, socket, room, access, { held, sentStateVector });
		const { userId, sessionId } = access;
		ctx.settings.log('yjs.connected', { room: name, userId, sessionId, held: held.length });
	} finally {
		ws.off('message', hold);
		ws.off('close', release);
		release(); // after the peer counts, so the room never looks empty in between
	}
}

async function load(ctx: ColdOpenContext, ws: WebSocket, name: string): Promise<Room | null> {
	let room: Room;
	try {
		room = await ctx.registry.acquire(name);
	} catch (error) {
		ctx.settings.log('yjs.load_failed', { room: name, error: errorName(error) });
		return close(ws, ctx.isClosing() ? 'SHUTTING_DOWN' : 'SERVER_ERROR');
	}
	if (ctx.isClosing()) return close(ws, 'SHUTTING_DOWN');
	if (room.closed) return close(ws, 'SERVER_ERROR');
	return room;
}

function byteLength(data: RawData): number {
	return Array.isArray(data) ? data.reduce((sum, part) => sum + part.byteLength, 0) : data.byteLength;
}

function close(ws: WebSocket, code: CloseCode): null {
	const { code: wsCode, reason } = CLOSE_CODES[code];
	ws.close(wsCode, reason);
	return null;
}

/**
 * Everything stored, so that the client's sync step 2 (on which it counts itself synced) comes
 * last and completes it: the newer log rows first, merged into one update (they wait in the
 * client's Yjs for the snapshot they build on), then the snapshot as sync step 2. Without a
 * snapshot the merged rows are the step 2. Resolves once the last frame is handed to the network,
 * or after SEND_WAIT_MS.
 */
function sendStored(ws: WebSocket, stored: StoredYjsDocument): Promise<void> {
	const rows = stored.rows.length ? Y.mergeUpdates(stored.rows.map((row) => row.update)) : null;
	const frames = stored.snapshot
		? [...(rows ? [encodeUpdate(rows)] : []), encodeStoredState(stored.snapshot)]
		: [encodeStoredState(rows ?? EMPTY_UPDATE)];
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, SEND_WAIT_MS);
		const sent = () => {
			clearTimeout(timer);
			resolve();
		};
		frames.forEach((frame, index) => ws.send(frame, index === frames.length - 1 ? sent : undefined));
	});
}
