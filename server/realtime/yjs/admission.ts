/**
 * The upgrade path of `/yjs/<room>`: room name, authorize, seat, load, then the WebSocket.
 * Any refusal is an HTTP response on the raw socket; no WebSocket is opened for it. A room not in
 * memory whose stored bytes pass the checks opens first and loads after (see cold-open.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { CLOSE_CODES, type CloseCode } from '../../../src/lib/shared/errors';
import { parseYjsRoom } from '../../../src/lib/shared/events';
import { watchSocketErrors } from './notes-socket';
import { refuseUpgrade } from './refuse';
import { errorName, type Room } from './room';
import type { StoredYjsDocument } from '../../../src/lib/server/notes/yjs-store';
import { hasContent, openCold, type ColdOpenContext } from './cold-open';
import type { YjsAccess, YjsAuthorize } from './types';
import { validateUpdate } from './update-guard';

export interface AdmissionContext extends ColdOpenContext {
	authorize: YjsAuthorize;
	wss: WebSocketServer;
}

interface Upgrade {
	req: IncomingMessage;
	socket: Duplex;
	head: Buffer;
	room: string;
}

/** Runs the whole admission; resolves once the socket is either upgraded or refused. */
export async function admit(ctx: AdmissionContext, upgrade: Upgrade): Promise<void> {
	const { socket, room } = upgrade;
	// Node's HTTP server removed its own error listener from an upgraded socket.
	const onError = (error: Error) =>
		ctx.settings.log('yjs.upgrade_socket_error', { room, error: errorName(error) });
	socket.on('error', onError);
	const access = await checkAccess(ctx, upgrade);
	if (!access) return;
	const release = ctx.registry.reserve(room);
	if (!release) {
		refuse(ctx, upgrade, 'ROOM_FULL', 'room_full');
		return;
	}
	socket.once('close', release); // frees the seat if the socket dies before it is attached
	if (!ctx.registry.isLoaded(room)) {
		const stored = readStored(ctx, upgrade);
		if (!stored) return release();
		if (hasContent(stored)) {
			ctx.wss.handleUpgrade(upgrade.req, socket, upgrade.head, (ws) => {
				watchSocketErrors(ws, ctx.settings.log, room, ctx.settings.maxUpdateBytes);
				socket.off('error', onError);
				socket.off('close', release);
				openCold(ctx, { ws, socket }, room, access, stored, release).catch((error: unknown) => {
					ctx.settings.log('yjs.open_failed', { room, error: errorName(error) });
					ws.terminate();
				});
			});
			return;
		}
	}
	const loaded = await loadRoom(ctx, upgrade);
	if (!loaded || socket.destroyed) {
		release();
		return;
	}
	ctx.wss.handleUpgrade(upgrade.req, socket, upgrade.head, (ws) => {
		watchSocketErrors(ws, ctx.settings.log, room, ctx.settings.maxUpdateBytes);
		socket.off('error', onError);
		socket.off('close', release);
		ctx.connected(ws, socket, loaded, access);
		release(); // after the peer counts, so the room never looks empty in between
		ctx.settings.log('yjs.connected', { room, userId: access.userId, sessionId: access.sessionId });
	});
}

/** Room name, then authorize (before anything is loaded). Null when refused. */
async function checkAccess(ctx: AdmissionContext, upgrade: Upgrade): Promise<YjsAccess | null> {
	if (ctx.isClosing()) return refuse(ctx, upgrade, 'SHUTTING_DOWN', 'shutting_down');
	if (!parseYjsRoom(upgrade.room)) return refuse(ctx, upgrade, 'NOT_FOUND', 'unknown_room');
	let verdict: Awaited<ReturnType<YjsAuthorize>>;
	try {
		verdict = await ctx.authorize(upgrade.req, upgrade.room);
	} catch (error) {
		ctx.settings.log('yjs.authorize_failed', { room: upgrade.room, error: errorName(error) });
		return refuse(ctx, upgrade, 'SERVER_ERROR', 'authorize_threw');
	}
	if (!verdict.ok) return refuse(ctx, upgrade, verdict.reason, 'unauthorized');
	if (upgrade.socket.destroyed) return null;
	return verdict.access;
}

/** The stored bytes of a room not in memory, checked; null when they fail (refused with SERVER_ERROR). */
function readStored(ctx: AdmissionContext, upgrade: Upgrade): StoredYjsDocument | null {
	try {
		return ctx.settings.store.read(upgrade.room, { validate: validateUpdate });
	} catch (error) {
		ctx.settings.log('yjs.load_failed', { room: upgrade.room, error: errorName(error) });
		return refuse(ctx, upgrade, 'SERVER_ERROR', 'load_failed');
	}
}

/** The single-flight load; a failure refuses with SERVER_ERROR and nothing is created. */
async function loadRoom(ctx: AdmissionContext, upgrade: Upgrade): Promise<Room | null> {
	let room: Room;
	try {
		room = await ctx.registry.acquire(upgrade.room);
	} catch (error) {
		ctx.settings.log('yjs.load_failed', { room: upgrade.room, error: errorName(error) });
		return refuse(ctx, upgrade, ctx.isClosing() ? 'SHUTTING_DOWN' : 'SERVER_ERROR', 'load_failed');
	}
	if (ctx.isClosing()) return refuse(ctx, upgrade, 'SHUTTING_DOWN', 'shutting_down');
	if (room.closed) return refuse(ctx, upgrade, 'SERVER_ERROR', 'room_evicted');
	return room;
}

function refuse(ctx: AdmissionContext, upgrade: Upgrade, code: CloseCode, why: string): null {
	ctx.settings.log('yjs.refused', { room: upgrade.room, status: CLOSE_CODES[code].status, why });
	refuseUpgrade(upgrade.socket, code);
	return null;
}
