/** Headers every response carries: no framing, no sniffing, no referrer leaks, no caching of data. */
import type { Handle } from '@sveltejs/kit';

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	if (!response.headers.has('cache-control') && event.locals.actor) {
		response.headers.set('cache-control', 'no-store');
	}
	return response;
};
