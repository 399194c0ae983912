/**
 * Ending sessions on every channel: when the board ends a session (sign-out, a role change, a
 * disabled account), its socket.io sockets are told and closed and its notes connections close;
 * and a sweep ends the sockets of sessions that expired or vanished (a backstop for every other path).
 */
import type { SessionEnded } from '../../src/lib/server/commands';
import { expireSessions } from '../../src/lib/server/security/session-lifetime';
import { sessionLimits } from '../../src/lib/server/session-auth';
import type { Services } from '../../src/lib/server/services';
import { ERROR_CODES } from '../../src/lib/shared/errors';
import { rooms } from '../../src/lib/shared/events';
import type { BoardServer } from './types';
import type { YjsServer } from './yjs';

/** Closes the sockets of ended sessions, telling each page why. */
export function sessionEnder(io: BoardServer, yjs: YjsServer) {
	return (ended: SessionEnded[]) => {
		for (const { sessionId } of ended) {
			io.in(rooms.session(sessionId)).emit('session:ended:v1', {
				code: ERROR_CODES.SESSION_ENDED,
				message: 'You were signed out.'
			});
			io.in(rooms.session(sessionId)).disconnectSockets(true);
			yjs.closeSession(sessionId, 'SESSION_ENDED');
		}
	};
}

/** Ends sockets whose session has expired or no longer exists. */
export async function sweepExpired(
	services: Services,
	io: BoardServer,
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
