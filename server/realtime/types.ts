/** The typed socket.io server and socket every realtime module works with. */
import type { Server, Socket } from 'socket.io';
import type { Actor } from '../../src/lib/server/policy';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/shared/events';

/** What a socket carries from its handshake: who it is, and the session it belongs to. */
export interface SocketData {
	actor: Actor;
	sessionId: string;
	expiresAt: number;
	/** The room of the seat its person sits in (see `seats.ts`). */
	seatRoom?: string;
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
