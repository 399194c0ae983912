/** Every page but sign-in needs a session; without one the browser goes to sign-in. */
import { redirect, type Handle } from '@sveltejs/kit';

/**
 * `/signin` covers its second-factor step; `/signin/setup` checks for a session itself; `/offline`
 * (what the service worker shows with no signal) holds nothing but the board's shell; `/metrics`
 * asks for its own token; `/api/v1/` answers 401 itself (a dashboard is not a browser to send to
 * sign-in) and takes its own tokens as well as a session.
 */
const PUBLIC = ['/signin', '/api/auth/', '/api/v1/', '/health', '/ready', '/metrics', '/offline'];

export const requireSignIn: Handle = ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!event.locals.actor && !PUBLIC.some((p) => path === p || path.startsWith(p))) {
		const next = path === '/' ? '' : `?next=${encodeURIComponent(path + event.url.search)}`;
		// Thrown, so SvelteKit answers a data or form-action request with a redirect it understands.
		redirect(303, `/signin${next}`);
	}
	return resolve(event);
};
