/**
 * While the board sheds load (its event loop lags past `LOAD_SHED_LAG_MS`), a page or download
 * that reads the whole roster or trail is answered 503 with `Retry-After` before any of it is
 * read: as a short page that opens the page by itself once it is served, or as the API's JSON error (`busy`) for
 * `/api/`. Everything else (sign-in, writes, a participant's page, `/health`) is served as usual.
 */
import { json, type Handle } from '@sveltejs/kit';
import { BUSY_PAGE } from '$lib/server/http/busy-page';
import { EXPENSIVE_ROUTES, RETRY_AFTER_SECONDS } from '$lib/server/http/expensive-routes';
import { ERROR_CODES } from '$lib/shared/errors';

const READS = new Set(['GET', 'HEAD']);
const API = '/api/';
const BUSY = 'The board is busy; try again in a few seconds.';
const HEADERS = { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' };

export const loadShedding: Handle = ({ event, resolve }) => {
	const route = event.route.id;
	if (!route || !READS.has(event.request.method) || !EXPENSIVE_ROUTES.has(route)) return resolve(event);
	if (event.locals.services.load.admit('http')) return resolve(event);
	if (event.url.pathname.startsWith(API)) {
		return json({ code: ERROR_CODES.BUSY, message: BUSY }, { status: 503, headers: HEADERS });
	}
	return new Response(BUSY_PAGE, {
		status: 503,
		headers: { ...HEADERS, 'content-type': 'text/html; charset=utf-8' }
	});
};
