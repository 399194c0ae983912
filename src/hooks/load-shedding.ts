/**
 * While the board sheds load (its event loop lags past `LOAD_SHED_LAG_MS`), a page or download
 * that reads the whole roster or trail is answered 503 with `Retry-After` before any of it is
 * read. Everything else (sign-in, writes, a participant's page, `/health`) is served as usual.
 */
import type { Handle } from '@sveltejs/kit';
import { EXPENSIVE_ROUTES, RETRY_AFTER_SECONDS } from '$lib/server/http/expensive-routes';

const READS = new Set(['GET', 'HEAD']);

export const loadShedding: Handle = ({ event, resolve }) => {
	const route = event.route.id;
	if (!route || !READS.has(event.request.method) || !EXPENSIVE_ROUTES.has(route)) return resolve(event);
	if (event.locals.services.load.admit('http')) return resolve(event);
	return new Response('The board is busy; try again in a few seconds.', {
		status: 503,
		headers: {
			'content-type': 'text/plain; charset=utf-8',
			'retry-after': String(RETRY_AFTER_SECONDS),
			'cache-control': 'no-store'
		}
	});
};
