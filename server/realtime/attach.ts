/**
 * Puts the realtime channels on an HTTP server: socket.io and `/yjs/<room>` through one upgrade
 * router, both admitting sessions the same way, and both closing a session's sockets when it
 * ends (sign-out, role change, expiry).
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { stampClient, trustFor } from '../../src/lib/server/http/forwarded';
import { log } from '../../src/lib/server/log';
import { YjsStore } from '../../src/lib/server/notes/yjs-store';
import { stillActive } from '../../src/lib/server/session-auth';
import type { Services } from '../../src/lib/server/services';
import { SOCKET_PATH } from '../../src/lib/shared/events';
import { notesAuthorizer, recheckNotes } from './notes-access';
import { createUpgradeRouter } from './router';
import { sessionEnder, sweepExpired } from './sessions';
import { createSocketServer } from './socket';
import { createYjsServer } from './yjs';

const SWEEP_MS = 5_000;

export function attachRealtime(
	httpServer: HttpServer,
	services: Services,
	{ production }: { production: boolean }
) {
	const { engine, io, stopBroadcasts } = createSocketServer(services);
	const yjs = createYjsServer({
		store: new YjsStore(services.db),
		authorize: notesAuthorizer(services),
		maxUpdateBytes: services.config.yjsMaxUpdateBytes,
		maxDocumentBytes: services.config.yjsMaxDocumentBytes,
		maxClientsPerRoom: services.config.yjsMaxClientsPerRoom,
		onDocumentTooLarge: (room, bytes) => log('warn', 'yjs.document_large', { room, bytes }),
		// Someone typing the minutes for half an hour is not idle. An ended session's sockets are
		// closed through the sessions-ended event that stillActive raises.
		onActivity: (access) => {
			stillActive(services, access.sessionId);
		},
		activityEveryMs: Math.min(5_000, services.config.sessionIdleMs / 10),
		log: (event, fields) => log('info', event, fields)
	});
	const route = createUpgradeRouter(
		{
			socketIo: (req, socket, head) => engine.handleUpgrade(req, socket, head),
			yjs: (req, socket, head, room) => yjs.handleUpgrade(req, socket, head, room)
		},
		{ closeOthers: production }
	);
	// Stamped like every request, so socket.io's handshake and the notes server see the same client.
	const trust = trustFor(services.config.trustProxy);
	const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		stampClient(req, trust);
		route(req, socket, head);
	};
	httpServer.on('upgrade', onUpgrade);

	services.metrics.watch(() => {
		const notes = yjs.stats();
		return {
			boardConnections: engine.clientsCount,
			notesConnections: notes.connections,
			notesRooms: notes.documents,
			notesBytes: notes.bytes
		};
	});
	const endSessions = sessionEnder(io, yjs);
	services.events.on('sessions-ended', endSessions);
	const onMeetingChanged = () => {
		recheckNotes(services, yjs).catch((error: unknown) =>
			log('error', 'yjs.recheck_failed', { error: String(error) })
		);
	};
	services.events.on('meeting-changed', onMeetingChanged);
	const sweep = setInterval(() => {
		sweepExpired(services, io, yjs, endSessions).catch((error: unknown) =>
			log('error', 'realtime.sweep_failed', { error: String(error) })
		);
	}, SWEEP_MS);
	sweep.unref();

	return {
		io,
		yjs,
		/** socket.io's long-polling requests; true when the request was taken. */
		handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
			if (!(req.url ?? '').startsWith(SOCKET_PATH)) return false;
			stampClient(req, trust); // again for the dev server, whose requests the entry does not stamp
			engine.handleRequest(req, res);
			return true;
		},
		async close() {
			clearInterval(sweep);
			stopBroadcasts();
			services.events.off('sessions-ended', endSessions);
			services.events.off('meeting-changed', onMeetingChanged);
			httpServer.off('upgrade', onUpgrade);
			await yjs.close();
			await new Promise<void>((resolve) => io.close(() => resolve()));
		}
	};
}
export type Realtime = ReturnType<typeof attachRealtime>;
