/**
 * The socket.io side of the board: a handshake that admits only a signed-in session from an
 * allowed Origin, presence per jurisdiction, and a guard that re-checks the session and the
 * policy on every event.
 */
import { Server as Engine } from 'engine.io';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import { isAllowedOrigin } from '../../src/lib/server/config';
import { DomainError, invalidInput, isDomainError } from '../../src/lib/server/errors';
import { log } from '../../src/lib/server/log';
import { authorize, type Action, type ActionResources, type Actor } from '../../src/lib/server/policy';
import { allowSocketEvent } from '../../src/lib/server/security/rate-limit';
import { authenticate, requireReady, stillActive } from '../../src/lib/server/session-auth';
import type { Services } from '../../src/lib/server/services';
import { loadActor } from '../../src/lib/server/users';
import { ERROR_CODES, type Ack } from '../../src/lib/shared/errors';
import {
	rooms,
	SOCKET_PATH,
	type ClientToServerEvents,
	type ServerToClientEvents
} from '../../src/lib/shared/events';
import { REGISTRARS, BROADCASTERS } from './handlers';
import { Presence } from './presence';

export interface SocketData {
	actor: Actor;
	sessionId: string;
	expiresAt: number;
}
export type BoardServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	Record<string, never>,
	SocketData
>;
export type BoardSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	Record<string, never>,
	SocketData
>;

export function createSocketServer(services: Services) {
	const engine = new Engine({
		maxHttpBufferSize: services.config.socketMaxPayloadBytes,
		pingInterval: 5_000,
		pingTimeout: 5_000
	});
	const io: BoardServer = new Server({ path: SOCKET_PATH, serveClient: false, connectTimeout: 10_000 });
	io.bind(engine);
	const presence = new Presence();

	io.use((socket, next) => {
		admit(services, socket).then(
			() => next(),
			(error: unknown) => next(toConnectError(error))
		);
	});
	io.on('connection', (socket) => onConnection(io, presence, services, socket));
	const unsubscribe = BROADCASTERS.map((subscribe) => subscribe(io, services));
	return { engine, io, presence, stopBroadcasts: () => unsubscribe.forEach((stop) => stop()) };
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

function onConnection(io: BoardServer, presence: Presence, services: Services, socket: BoardSocket) {
	const { actor, sessionId } = socket.data;
	void socket.join([
		rooms.jurisdiction(actor.jurisdictionId),
		rooms.user(actor.userId),
		rooms.session(sessionId)
	]);
	for (const register of REGISTRARS) register({ io, socket, services, presence });
}

/**
 * Runs one event: re-reads the actor (roles change, accounts are disabled), refuses an expired
 * session, and turns every failure into an ack with a named code. A handler's own throw never
 * crashes the server or leaves the client waiting.
 */
export async function guard<T>(
	services: Services,
	socket: BoardSocket,
	ack: unknown,
	run: (actor: Actor) => T | Promise<T>
): Promise<void> {
	const reply = typeof ack === 'function' ? (ack as (r: Ack<T>) => void) : undefined;
	try {
		// Each event is activity; a session past its idle or absolute limit ends here, on every channel.
		if (!stillActive(services, socket.data.sessionId))
			throw new DomainError(ERROR_CODES.SESSION_ENDED, 'Your session has ended.');
		if (!(await allowSocketEvent(services, services.config.socketEvents, socket.data.actor.userId))) {
			throw new DomainError(
				ERROR_CODES.RATE_LIMITED,
				'Too many actions at once; wait a few seconds and try again.'
			);
		}
		if (Date.now() >= socket.data.expiresAt)
			throw new DomainError(ERROR_CODES.SESSION_ENDED, 'Your session has ended.');
		const actor = loadActor(services.db, socket.data.actor.userId);
		if (!actor || actor.role !== socket.data.actor.role || actor.agencyId !== socket.data.actor.agencyId) {
			throw new DomainError(ERROR_CODES.SESSION_ENDED, 'Your access has changed; sign in again.');
		}
		socket.data.actor = actor;
		const data = await run(actor);
		reply?.((data === undefined ? { ok: true } : { ok: true, data }) as Ack<T>);
	} catch (error) {
		if (!isDomainError(error))
			log('error', 'socket.event_failed', { socket: socket.id, error: String(error) });
		const e = isDomainError(error)
			? error
			: new DomainError(ERROR_CODES.INTERNAL, 'Something went wrong; nothing was changed.');
		reply?.({
			ok: false,
			code: e.code,
			message: e.message,
			...(e.fields ? { fields: e.fields } : {}),
			...(e.detail !== undefined ? { current: e.detail } : {})
		});
		if (e.code === ERROR_CODES.SESSION_ENDED) socket.disconnect(true);
	}
}

/** Validates a socket payload against one schema; a failure is an `invalid_input` domain error. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.infer<S> {
	const parsed = schema.safeParse(payload);
	if (!parsed.success) throw invalidInput(parsed.error);
	return parsed.data;
}

export type { Action, ActionResources };
