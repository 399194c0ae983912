/**
 * While the board sheds load (its event loop lags past `LOAD_SHED_LAG_MS`), a page or download
 * that reads the whole roster or trail is answered 503 with `Retry-After` before any of it is
 * read: as a short page that opens the page by itself once it is served, or as the API's JSON error (`busy`) for
 * `/api/`. Everything else (sign-in, writes, a participant's page, `/health`) is served as usual.
 */
import { json, type Handle } from '@sveltejs/kit';
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

/**
 * A page of its own (no layout, nothing read). It asks again every few seconds and opens the page
 * once the board answers it; it never reloads while the board would still refuse.
 */
export const BUSY_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Busy · LEAD workgroup board</title>
<style>
body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1b2430; margin: 0; }
main { max-width: 32rem; margin: 4rem auto; padding: 1.5rem 2rem; background: #fff;
	border: 1px solid #d5dae1; border-radius: 8px; line-height: 1.5; }
h1 { font-size: 1.4rem; margin: 0 0 0.5rem; }
a { color: #1d3a5c; font-weight: 600; }
a:focus-visible { outline: 3px solid #1d3a5c; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>The board is busy</h1>
<p>It is finishing the work already in hand first. This page opens by itself once the board has caught up.</p>
<p><a href="">Try again now</a></p>
</main>
<script>
setInterval(() => {
	fetch(location.href, { method: 'HEAD', cache: 'no-store' }).then((r) => {
		if (r.status !== 503) location.reload();
	}, () => undefined);
}, ${RETRY_AFTER_SECONDS * 1000});
</script>
</body>
</html>
`;
