/**
 * The wrapper every socket event runs in: it re-checks the session and the person (roles change,
 * accounts are disabled), refuses an expensive read while the board sheds load, counts the event
 * against the person's limit, and turns every failure into an acknowledgement with a named code.
 * A handler's own throw never crashes the server or leaves the client waiting.
 */
import { DomainError, isDomainError, TryLater } from '../../src/lib/server/errors';
import { RETRY_AFTER_SECONDS } from '../../src/lib/server/http/expensive-routes';
import { STAMPED_HEADERS } from '../../src/lib/server/http/forwarded';
import { log } from '../../src/lib/server/log';
import { sameAccess, type Actor } from '../../src/lib/server/policy';
import {
	allowSocketEvent,
	readReserve,
	refusedFlooding,
	secondsUntilAllowed,
	settleRead
} from '../../src/lib/server/security/rate-limit';
import { stillActive } from '../../src/lib/server/session-auth';
import type { Services } from '../../src/lib/server/services';
import { loadActor } from '../../src/lib/server/users';
import { ERROR_CODES, type Ack } from '../../src/lib/shared/errors';
import { doorOf } from './door';
import { inTurn } from './read-queue';
import { seatSocket } from './seats';
import type { BoardSocket } from './types';

/**
 * Runs one event for the socket's current actor and acknowledges its answer or its refusal. A
 * read passes `rowsRead`: it is the expensive kind (refused with `busy` while the board sheds
 * load), reserves a full page's cost before it runs and is charged for the rows its answer holds.
 */
export async function guard<T>(
	services: Services,
	socket: BoardSocket,
	ack: unknown,
	run: (actor: Actor) => T | Promise<T>,
	rowsRead?: (data: T) => number
): Promise<void> {
	const reply = typeof ack === 'function' ? (ack as (r: Ack<T>) => void) : undefined;
	try {
		const cost = rowsRead ? 1 + readReserve(services.config.socketEvents) : 1;
		const actor = await admitEvent(services, socket, cost, rowsRead !== undefined);
		const data = rowsRead ? await settled(services, actor, run, rowsRead) : await run(actor);
		reply?.((data === undefined ? { ok: true } : { ok: true, data }) as Ack<T>);
	} catch (error) {
		const e = asDomainError(error, socket.id);
		reply?.({
			ok: false,
			code: e.code,
			message: e.message,
			...(e.fields ? { fields: e.fields } : {}),
			...(e.detail !== undefined ? { current: e.detail } : {}),
			...(e instanceof TryLater ? { retryAfterSeconds: e.retryAfterSeconds } : {})
		});
		if (e.code === ERROR_CODES.SESSION_ENDED) socket.disconnect(true);
	}
}

/** Runs a read that reserved its cost and settles the reservation at the rows it returned. */
async function settled<T>(
	services: Services,
	actor: Actor,
	run: (actor: Actor) => T | Promise<T>,
	rowsRead: (data: T) => number
): Promise<T> {
	let rows = 0;
	try {
		const data = await inTurn(() => run(actor));
		rows = rowsRead(data);
		return data;
	} finally {
		await settleRead(services, services.config.socketEvents, actor.userId, rows);
	}
}

/** The socket's actor as the database has it now, or the refusal that ends this event. */
async function admitEvent(
	services: Services,
	socket: BoardSocket,
	points: number,
	expensive: boolean
): Promise<Actor> {
	if (Date.now() >= socket.data.expiresAt) {
		// Past its absolute limit: reading the session ends it on every channel, not on this socket alone.
		stillActive(services, socket.data.sessionId);
		throw new DomainError(ERROR_CODES.SESSION_ENDED, 'Your session has ended.');
	}
	// Refusals come first and touch no database: a flood of events must cost the server little.
	// Shed before it is charged: the person did nothing wrong, the server is overloaded.
	if (expensive && !services.load.admit('socket'))
		throw new TryLater(
			ERROR_CODES.BUSY,
			'The board is busy; try again in a few seconds.',
			RETRY_AFTER_SECONDS
		);
	const { socketEvents } = services.config;
	const userId = socket.data.actor.userId;
	if (!(await allowSocketEvent(services, socketEvents, userId, points))) {
		const shutOut = await refusedFlooding(services, socketEvents, userId);
		if (shutOut) closeFlooding(services, socket, userId, shutOut);
		throw new TryLater(
			ERROR_CODES.RATE_LIMITED,
			'Too many actions at once; wait a few seconds and try again.',
			await secondsUntilAllowed(services, socketEvents, userId)
		);
	}
	// Each event admitted is activity; a session past its idle limit ends here, on every channel.
	if (!stillActive(services, socket.data.sessionId))
		throw new DomainError(ERROR_CODES.SESSION_ENDED, 'Your session has ended.');
	const actor = loadActor(services.db, socket.data.actor.userId);
	if (!actor || !sameAccess(actor, socket.data.actor)) {
		throw new DomainError(ERROR_CODES.SESSION_ENDED, 'Your access has changed; sign in again.');
	}
	socket.data.actor = actor;
	seatSocket(socket);
	return actor;
}

/**
 * Closes a socket that kept sending long after it was refused: its refusals would otherwise cost
 * the server as much as the work it was refused. Its acknowledgement still goes out first.
 */
const closing = new WeakSet<BoardSocket>();

function closeFlooding(services: Services, socket: BoardSocket, userId: string, shutOutMs: number): void {
	if (!socket.connected || closing.has(socket)) return;
	closing.add(socket);
	doorOf(services).shutFor(socket.handshake.headers.cookie, shutOutMs);
	log('warn', 'socket.flood_closed', { user: userId, socket: socket.id });
	setImmediate(() => socket.disconnect(true));
}

function asDomainError(error: unknown, socketId: string): DomainError {
	if (isDomainError(error)) return error;
	log('error', 'socket.event_failed', { socket: socketId, error: String(error) });
	return new DomainError(ERROR_CODES.INTERNAL, 'Something went wrong; nothing was changed.');
}

/** The client's address as the board's server stamped it on the handshake, for the audit trail. */
export function sourceOf(socket: BoardSocket): string | null {
	const stamped = socket.handshake.headers[STAMPED_HEADERS.address];
	const address = (Array.isArray(stamped) ? stamped[0] : stamped) || socket.handshake.address;
	return address ? address.slice(0, 64) : null;
}
