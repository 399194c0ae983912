/** What every area's socket handlers are given, once per server. */
import type { Services } from '../../../src/lib/server/services';
import type { Presence } from '../presence';
import type { BoardServer, BoardSocket } from '../types';

export interface HandlerContext {
	io: BoardServer;
	services: Services;
	presence: Presence;
}

/**
 * Makes one area's socket handlers once per server and returns what attaches them to a new
 * connection. The handlers are shared by every connection (each runs with `this` as its socket),
 * so a server with hundreds of people connected keeps one set of them, not one per connection.
 */
export type Registrar = (ctx: HandlerContext) => (socket: BoardSocket) => void;

/** Subscribes one area's fan-out to domain events, once per server; returns the unsubscribe. */
export type Broadcaster = (io: BoardServer, services: Services) => () => void;
