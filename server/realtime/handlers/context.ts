/** What every area's socket handlers are given when a connection opens. */
import type { Services } from '../../../src/lib/server/services';
import type { Presence } from '../presence';
import type { BoardServer, BoardSocket } from '../types';

export interface HandlerContext {
	io: BoardServer;
	socket: BoardSocket;
	services: Services;
	presence: Presence;
}

/** Registers one area's events on a new connection. */
export type Registrar = (ctx: HandlerContext) => void;

/** Subscribes one area's fan-out to domain events, once per server; returns the unsubscribe. */
export type Broadcaster = (io: BoardServer, services: Services) => () => void;
