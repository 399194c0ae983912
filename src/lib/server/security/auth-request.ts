/**
 * Calls one of better-auth's HTTP endpoints for a page's form action, through better-auth's own
 * router: the per-address rate limit, the Origin check and the sign-in rules then apply to the
 * sign-in pages exactly as to a script calling /api/auth directly.
 */
import type { Auth } from '../auth';
import { STAMPED_HEADERS } from '../http/forwarded';

/** What the call may carry from the browser's request; nothing else is passed on. */
const FORWARDED = [
	'cookie',
	'origin',
	'referer',
	'user-agent',
	'host',
	STAMPED_HEADERS.address,
	STAMPED_HEADERS.protocol
];

export function callAuth(auth: Auth, request: Request, path: `/${string}`, body: unknown): Promise<Response> {
	const headers = new Headers({ 'content-type': 'application/json' });
	for (const name of FORWARDED) {
		const value = request.headers.get(name);
		if (value !== null) headers.set(name, value);
	}
	const url = new URL(`/api/auth${path}`, request.url);
	return auth.handler(new Request(url, { method: 'POST', headers, body: JSON.stringify(body) }));
}

/** The error code better-auth answered with (e.g. `INVALID_CODE`), or null. */
export async function authErrorCode(response: Response): Promise<string | null> {
	try {
		const body = (await response.clone().json()) as { code?: unknown } | null;
		return typeof body?.code === 'string' ? body.code : null;
	} catch {
		return null;
	}
}
