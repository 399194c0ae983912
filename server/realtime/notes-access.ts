/**
 * The notes server's door and its recheck: a connection to `/yjs/<room>` is admitted the way a
 * socket.io connection is (allowed Origin, a signed-in session with nothing pending), then given
 * the access the notes rule allows; after a meeting changes, open connections that no longer
 * match it are closed (a reader who lost write access reconnects read-only).
 */
import { isAllowedOrigin } from '../../src/lib/server/config';
import { notesRoomAccess } from '../../src/lib/server/notes/access';
import { authenticate } from '../../src/lib/server/session-auth';
import type { Services } from '../../src/lib/server/services';
import { loadActor } from '../../src/lib/server/users';
import type { YjsAuthorize, YjsServer } from './yjs';

export function notesAuthorizer(services: Services): YjsAuthorize {
	return async (req, room) => {
		if (!isAllowedOrigin(services.config, req.headers.origin)) return { ok: false, reason: 'BAD_ORIGIN' };
		const who = await authenticate(services, req.headers);
		if (!who) return { ok: false, reason: 'UNAUTHENTICATED' };
		// Two-step setup or the system-use notice still due: nothing opens until they are done.
		if (who.pending) return { ok: false, reason: 'FORBIDDEN' };
		const access = notesRoomAccess(services.db, who.actor, room);
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

/** Closes every notes connection whose access the current rules no longer give. */
export function recheckNotes(services: Services, yjs: YjsServer): Promise<void> {
	return yjs.recheck((access, room) => {
		const actor = loadActor(services.db, access.userId);
		const now = actor ? notesRoomAccess(services.db, actor, room) : null;
		return Boolean(now?.read) && (!access.canWrite || Boolean(now?.write));
	});
}
