/**
 * A request body in an encoding the board does not read is refused with 415 before any page or
 * action sees it. Forms arrive URL-encoded or as multipart; scripts send JSON. A same-origin
 * `text/plain` form post (which browsers may send) used to reach a form action and fail there.
 */
import type { Handle } from '@sveltejs/kit';

const READ = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json']);
const WITHOUT_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The media type alone, lower-cased: `Text/Plain; charset=utf-8` is `text/plain`. */
export function mediaType(header: string | null): string | null {
	const type = header?.split(';')[0].trim().toLowerCase();
	return type ? type : null;
}

function carriesBody(request: Request): boolean {
	const length = request.headers.get('content-length');
	if (length !== null) return Number(length) > 0;
	return request.headers.has('transfer-encoding');
}

export const bodyEncodings: Handle = ({ event, resolve }) => {
	const { request } = event;
	if (WITHOUT_BODY.has(request.method) || !carriesBody(request)) return resolve(event);
	const type = mediaType(request.headers.get('content-type'));
	if (type !== null && READ.has(type)) return resolve(event);
	return new Response('The board reads forms (URL-encoded or multipart) and JSON only.', {
		status: 415,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'accept-post': [...READ].join(', ') }
	});
};
