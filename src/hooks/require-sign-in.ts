/** Every page but sign-in needs a session; without one the browser goes to sign-in. */
import type { Handle } from '@sveltejs/kit';

const PUBLIC = ['/signin', '/api/auth/', '/health'];

export const requireSignIn: Handle = ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!event.locals.actor && !PUBLIC.some((p) => path === p || path.startsWith(p))) {
		const next = path === '/' ? '' : `?next=${encodeURIComponent(path + event.url.search)}`;
		return new Response(null, { status: 303, headers: { location: `/signin${next}` } });
	}
	return resolve(event);
};
