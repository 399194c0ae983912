/** Fills `locals.actor` from the session cookie; no cookie, or a dead session, means null. */
import type { Handle } from '@sveltejs/kit';
import { authenticate } from '$lib/server/session-auth';

export const session: Handle = async ({ event, resolve }) => {
	const who = await authenticate(event.locals.services, event.request.headers);
	event.locals.actor = who?.actor ?? null;
	event.locals.sessionId = who?.sessionId ?? null;
	return resolve(event);
};
