/**
 * The Yjs WebSocket server (y-websocket protocol on `/yjs/<room>`, persisted in SQLite):
 * createYjsServer wires admission, rooms, connections and heartbeat together.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CloseCode } from '../../../src/lib/shared/errors';
import { SessionActivity } from './activity';
import { admit, type AdmissionContext } from './admission';
import type { ColdStart } from './cold-open';
import { YjsConnection, type ConnectionHooks } from './connection';
import { startHeartbeat } from './heartbeat';
import { NotesSocket } from './notes-socket';
import { refuseUpgrade } from './refuse';
import { RoomRegistry } from './registry';
import { errorName, type Room } from './room';
import {
	resolveSettings,
	type YjsAccess,
	type YjsAuthorize,
	type YjsServer,
	type YjsServerOptions,
	type YjsSettings
} from './types';
import { validateUpdate } from './update-guard';
import { WriteBatch } from './write-batch';

export type { YjsAccess, YjsAuthorize, YjsServer, YjsServerOptions } from './types';
export { validateStateVector, validateUpdate } from './update-guard';

/** How long close() waits for a peer to finish the close handshake before cutting it. */
const CLOSE_WAIT_MS = 2_000;

type Check = (access: YjsAccess, room: string) => boolean | Promise<boolean>;

export function createYjsServer(options: YjsServerOptions): YjsServer {
	return new YjsWebSocketServer(resolveSettings(options), options.authorize);
}

class YjsWebSocketServer implements YjsServer {
	private readonly registry: RoomRegistry;
	private readonly connections = new Set<YjsConnection>();
	private readonly admission: AdmissionContext;
	private readonly hooks: ConnectionHooks;
	private readonly stopHeartbeat: () => void;
	private closing = false;

	constructor(
		private readonly settings: YjsSettings,
		authorize: YjsAuthorize
	) {
		const { store } = settings;
		this.registry = new RoomRegistry(settings, (name) => store.load(name, { validate: validateUpdate }));
		const wss = new WebSocketServer({
			noServer: true,
			clientTracking: false,
			perMessageDeflate: false,
			// A frame is one client message; over the limit it is refused from its header (notes-socket.ts).
			maxPayload: settings.maxUpdateBytes,
			WebSocket: NotesSocket
		});
		this.hooks = {
			settings,
			activity: new SessionActivity(settings),
			batch: new WriteBatch(),
			evict: (room) => this.registry.evict(room, 'SERVER_ERROR'),
			closed: (connection) => this.forget(connection)
		};
		this.admission = {
			settings,
			authorize,
			registry: this.registry,
			wss,
			isClosing: () => this.closing,
			connected: (ws, socket, room, access, cold) => this.connected(ws, socket, room, access, cold)
		};
		this.stopHeartbeat = startHeartbeat(this.connections, settings.heartbeatMs);
	}

	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, room: string): void {
		admit(this.admission, { req, socket, head, room }).catch((error: unknown) => {
			this.settings.log('yjs.upgrade_failed', { room, error: errorName(error) });
			refuseUpgrade(socket, 'SERVER_ERROR');
		});
	}

	closeSession(sessionId: string, reason: CloseCode): void {
		this.closeWhere((access) => access.sessionId === sessionId, reason);
	}

	closeUser(userId: string, reason: CloseCode): void {
		this.closeWhere((access) => access.userId === userId, reason);
	}

	async recheck(check: Check): Promise<void> {
		await Promise.all([...this.connections].map((connection) => this.recheckOne(connection, check)));
	}

	flush(): Promise<void> {
		return this.registry.flush();
	}

	async close(): Promise<void> {
		if (this.closing) return;
		this.closing = true; // new upgrades are refused, frames still in flight are dropped
		await this.flush().catch((error: unknown) =>
			this.settings.log('yjs.flush_failed', { error: errorName(error) })
		);
		this.stopHeartbeat();
		const open = [...this.connections];
		await Promise.all(open.map((connection) => connection.closeAndWait('SHUTTING_DOWN', CLOSE_WAIT_MS)));
		this.registry.close();
		this.admission.wss.close();
	}

	stats(): ReturnType<YjsServer['stats']> {
		const sizes = this.registry.all().map((room) => room.sizeEstimate);
		const bytes = { total: sizes.reduce((a, b) => a + b, 0), largest: Math.max(0, ...sizes) };
		return { documents: this.registry.size, connections: this.connections.size, bytes };
	}

	private connected(ws: WebSocket, socket: Duplex, room: Room, access: YjsAccess, cold?: ColdStart): void {
		const connection = new YjsConnection(ws, socket, access, room, this.hooks, cold?.sentStateVector ?? null);
		this.connections.add(connection);
		this.registry.attach(room, connection);
		if (cold) connection.replay(cold.held);
	}

	private forget(connection: YjsConnection): void {
		this.connections.delete(connection);
		this.registry.detach(connection.room, connection);
	}

	private closeWhere(match: (access: YjsAccess) => boolean, reason: CloseCode): void {
		for (const connection of [...this.connections]) if (match(connection.access)) connection.close(reason);
	}

	/** false closes with FORBIDDEN; a check that throws closes with SERVER_ERROR (the client re-authorizes). */
	private async recheckOne(connection: YjsConnection, check: Check): Promise<void> {
		let allowed: boolean;
		try {
			allowed = await check(connection.access, connection.room.name);
		} catch (error) {
			const fields = { room: connection.room.name, connection: connection.id, error: errorName(error) };
			this.settings.log('yjs.recheck_failed', fields);
			connection.close('SERVER_ERROR');
			return;
		}
		if (!allowed) connection.close('FORBIDDEN');
	}
}
