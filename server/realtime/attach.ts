/**
 * Puts the realtime channels on an HTTP server: socket.io and `/yjs/<room>` through one upgrade
 * router, both admitting sessions the same way, and both closing a session's sockets when it
 * ends (sign-out, role change, expiry).
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { isAllowedOrigin } from '../../src/lib/server/config';
import { log } from '../../src/lib/server/log';
import { getMeeting } from '../../src/lib/server/meetings';
import { can, type Actor } from '../../src/lib/server/policy';
import { expireSessions } from '../../src/lib/server/security/session-lifetime';
import { authenticate, sessionLimits, stillActive } from '../../src/lib/server/session-auth';
import type { Services, SessionEnded } from '../../src/lib/server/services';
import { loadActor } from '../../src/lib/server/users';
import { YjsStore } from '../../src/lib/server/notes/yjs-store';
import { ERROR_CODES } from '../../src/lib/shared/errors';
import { parseYjsRoom, rooms, SOCKET_PATH } from '../../src/lib/shared/events';
import { createUpgradeRouter } from './router';
import { createSocketServer } from './socket';
import { createYjsServer, type YjsAuthorize, type YjsServer } from './yjs';

const SWEEP_MS = 5_000;

export function attachRealtime(
	httpServer: HttpServer,
	services: Services,
	{ production }: { production: boolean }
) {
	const { engine, io, stopBroadcasts } = createSocketServer(services);
	const yjs = createYjsServer({
		store: new YjsStore(services.db),
		authorize: yjsAuthorizer(services),
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
	httpServer.on('upgrade', route);

	const endSessions = (ended: SessionEnded[]) => {
		for (const { sessionId } of ended) {
			io.in(rooms.session(sessionId)).emit('session:ended:v1', {
				code: ERROR_CODES.SESSION_ENDED,
				message: 'You were signed out.'
			});
			io.in(rooms.session(sessionId)).disconnectSockets(true);
			yjs.closeSession(sessionId, 'SESSION_ENDED');
		}
	};
	services.events.on('sessions-ended', endSessions);
	const onMeetingChanged = () => {
		recheckNotes(services, yjs)().catch((error: unknown) =>
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
			engine.handleRequest(req, res);
			return true;
		},
		async close() {
			clearInterval(sweep);
			stopBroadcasts();
			services.events.off('sessions-ended', endSessions);
			services.events.off('meeting-changed', onMeetingChanged);
			httpServer.off('upgrade', route);
			await yjs.close();
			await new Promise<void>((resolve) => io.close(() => resolve()));
		}
	};
}
export type Realtime = ReturnType<typeof attachRealtime>;

function yjsAuthorizer(services: Services): YjsAuthorize {
	return async (req, room) => {
		if (!isAllowedOrigin(services.config, req.headers.origin)) return { ok: false, reason: 'BAD_ORIGIN' };
		const who = await authenticate(services, req.headers);
		if (!who) return { ok: false, reason: 'UNAUTHENTICATED' };
		// Two-step setup or the system-use notice still due: nothing opens until they are done.
		if (who.pending) return { ok: false, reason: 'FORBIDDEN' };
		const access = notesAccess(services, who.actor, room);
		if (!access) return { ok: false, reason: 'NOT_FOUND' };
		if (!access.read) return { ok: false, reason: 'FORBIDDEN' };
		return {
			ok: true,
			access: {
				userId: who.actor.userId,
				sessionId: who.sessionId,
				canWrite: access.write,
				identity: { name: who.actor.name, agencyKind: who.actor.agencyKind }
			}
		};
	};
}

/** What the policy lets this actor do in a notes room now; null when the room names no meeting. */
function notesAccess(services: Services, actor: Actor, room: string) {
	const target = parseYjsRoom(room);
	const meeting = target ? getMeeting(services.db, target.meetingId) : null;
	if (!meeting) return null;
	return {
		read: can(actor, 'meeting.notes.read', meeting),
		write: can(actor, 'meeting.notes.write', meeting)
	};
}

/**
 * After a meeting changes (minutes approved, an invitation withdrawn), closes every notes socket
 * whose access it no longer matches; a reader who lost write access reconnects read-only.
 */
function recheckNotes(services: Services, yjs: YjsServer) {
	return () =>
		yjs.recheck((access, room) => {
			const actor = loadActor(services.db, access.userId);
			const now = actor ? notesAccess(services, actor, room) : null;
			return Boolean(now?.read) && (!access.canWrite || Boolean(now?.write));
		});
}

/** Ends sockets whose session has expired or no longer exists (a backstop for every other path). */
async function sweepExpired(
	services: Services,
	io: ReturnType<typeof createSocketServer>['io'],
	yjs: YjsServer,
	endSessions: (ended: SessionEnded[]) => void
) {
	const sockets = await io.fetchSockets();
	const now = Date.now();
	// Idle and too-old sessions are deleted (and audited) here, so the check below sees them gone.
	expireSessions(
		{ db: services.db, limits: sessionLimits(services.config), sessionsEnded: services.sessionsEnded },
		new Date(now)
	);
	const live = new Set(
		services.db.query.session
			.findMany({ columns: { id: true }, where: (s, { gt }) => gt(s.expiresAt, new Date(now)) })
			.sync()
			.map((s) => s.id)
	);
	const ended = new Map<string, SessionEnded>();
	for (const s of sockets) {
		if (now >= s.data.expiresAt || !live.has(s.data.sessionId)) {
			ended.set(s.data.sessionId, { sessionId: s.data.sessionId, userId: s.data.actor.userId });
		}
	}
	if (ended.size) endSessions([...ended.values()]);
	await yjs.recheck((access) => live.has(access.sessionId));
}
