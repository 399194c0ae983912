/**
 * The socket.io side of the board: a handshake that admits only a signed-in session from an
 * allowed Origin, then each area's handlers and broadcasters.
 */
import { Server as Engine } from 'engine.io';
import { Server } from 'socket.io';
import { isAllowedOrigin } from '../../src/lib/server/config';
import { DomainError, isDomainError } from '../../src/lib/server/errors';
import { log } from '../../src/lib/server/log';
import { authorize } from '../../src/lib/server/policy';
import { shutOutFor } from '../../src/lib/server/security/rate-limit';
import { authenticate, requireReady } from '../../src/lib/server/session-auth';
import type { Services } from '../../src/lib/server/services';
import { ERROR_CODES } from '../../src/lib/shared/errors';
import { rooms, SOCKET_PATH } from '../../src/lib/shared/events';
import { doorOf } from './door';
import { observeEvents } from './event-metrics';
import { BROADCASTERS, REGISTRARS } from './handlers';
import { Presence } from './presence';
import { seatSocket } from './seats';
import type { BoardServer, BoardSocket } from './types';

export type { BoardServer, BoardSocket, SocketData } from './types';

/**
 * How often each connection is pinged, and how long its answer may take: a device that vanished
 * without closing (a phone out of range, a laptop shut) leaves the room's presence within 20 s,
 * and a device learns within as long that the board is gone. A page that closes says so at once
 * and does not wait for this. Every ping wakes the server for every person connected: at 5 s the
 * pings were about half of what an idle board with 200 people connected spends.
 */
const PING_MS = 10_000;

export function createSocketServer(services: Services) {
	const door = doorOf(services);
	const engine = new Engine({
		maxHttpBufferSize: services.config.socketMaxPayloadBytes,
		pingInterval: PING_MS,
		pingTimeout: PING_MS,
		allowRequest: (request, answer) => door.admit(request, answer)
	});
	const io: BoardServer = new Server({ path: SOCKET_PATH, serveClient: false, connectTimeout: 10_000 });
	io.bind(engine);
	const presence = new Presence((jurisdictionId, people) =>
		io.to(rooms.jurisdiction(jurisdictionId)).emit('presence:v1', people)
	);

	io.use((socket, next) => {
		admit(services, socket).then(
			() => next(),
			(error: unknown) => next(toConnectError(error))
		);
	});
	const attach = REGISTRARS.map((register) => register({ io, services, presence }));
	io.on('connection', (socket) => onConnection(services, attach, socket));
	const unsubscribe = BROADCASTERS.map((subscribe) => subscribe(io, services));
	return {
		engine,
		io,
		presence,
		stopBroadcasts() {
			presence.stop();
			unsubscribe.forEach((stop) => stop());
		}
	};
}

async function admit(services: Services, socket: BoardSocket): Promise<void> {
	const headers = socket.handshake.headers;
	if (!isAllowedOrigin(services.config, headers.origin)) {
		throw new DomainError(ERROR_CODES.BAD_ORIGIN, 'This address is not allowed to open the board.');
	}
	const who = await authenticate(services, headers);
	if (!who) throw new DomainError(ERROR_CODES.UNAUTHENTICATED, 'Sign in to use the board.');
	requireReady(who);
	authorize(who.actor, 'app.use', { jurisdictionId: who.actor.jurisdictionId });
	const shutOut = await shutOutFor(services, services.config.socketEvents, who.actor.userId);
	if (shutOut) {
		doorOf(services).shutFor(headers.cookie, shutOut);
		throw new DomainError(
			ERROR_CODES.RATE_LIMITED,
			'Too many actions at once; wait a few seconds and try again.'
		);
	}
	socket.data = { actor: who.actor, sessionId: who.sessionId, expiresAt: who.expiresAt.getTime() };
}

function toConnectError(error: unknown): Error & { data?: unknown } {
	const code = isDomainError(error) ? error.code : ERROR_CODES.INTERNAL;
	const message = isDomainError(error) ? error.message : 'The board could not admit this connection.';
	if (!isDomainError(error)) log('error', 'socket.admit_failed', { error: String(error) });
	const refusal = new Error(code) as Error & { data?: unknown };
	refusal.data = { code, message };
	return refusal;
}

function onConnection(
	services: Services,
	attach: readonly ((socket: BoardSocket) => void)[],
	socket: BoardSocket
) {
	const { actor, sessionId } = socket.data;
	void socket.join([
		rooms.jurisdiction(actor.jurisdictionId),
		rooms.user(actor.userId),
		rooms.session(sessionId)
	]);
	seatSocket(socket);
	observeEvents(socket, services.metrics);
	for (const area of attach) area(socket);
}
