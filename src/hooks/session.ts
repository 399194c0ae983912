/**
 * Fills `locals` from the session cookie: who is signed in, their session, and what it must
 * still do before the board shows it anything. No cookie, or a dead session, means null. An
 * idle or too-old session ends here (see session-auth.ts); any other request counts as activity.
 */
import type { Handle } from '@sveltejs/kit';
import { authenticate } from '$lib/server/session-auth';

export const session: Handle = async ({ event, resolve }) => {
	const who = await authenticate(event.locals.services, event.request.headers);
	event.locals.actor = who?.actor ?? null;
	event.locals.sessionId = who?.sessionId ?? null;
	event.locals.sessionPending = who?.pending ?? null;
	return resolve(event);
};
