/** Every page but sign-in needs a session; without one the browser goes to sign-in. */
import { json, redirect, type Handle } from '@sveltejs/kit';

/**
 * `/signin` covers its second-factor step; `/signin/setup` checks for a session itself; `/offline`
 * (what the service worker shows with no signal) holds nothing but the board's shell; `/metrics`
 * asks for its own token.
 */
const PUBLIC = ['/signin', '/api/auth/', '/health', '/ready', '/metrics', '/offline'];

/**
 * The board's API answers a script without a session with 401, not with the sign-in page; a
 * request that brings a token goes on to the route, which alone knows whether it takes one.
 */
const API = '/api/v1/';

export const requireSignIn: Handle = ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!event.locals.actor && !PUBLIC.some((p) => path === p || path.startsWith(p))) {
		if (path.startsWith(API)) {
			if (event.request.headers.has('authorization')) return resolve(event);
			return json({ code: 'unauthorized', message: 'Sign in to use the board.' }, { status: 401 });
		}
		const next = path === '/' ? '' : `?next=${encodeURIComponent(path + event.url.search)}`;
		// Thrown, so SvelteKit answers a data or form-action request with a redirect it understands.
		redirect(303, `/signin${next}`);
	}
	return resolve(event);
};
