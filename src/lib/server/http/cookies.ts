/** Copies the cookies an auth API response sets onto SvelteKit's response. */
import type { Cookies } from '@sveltejs/kit';
import { parseSetCookieHeader, toCookieOptions } from 'better-auth/cookies';

export function forwardAuthCookies(response: Response, cookies: Cookies): void {
	const header = response.headers.get('set-cookie');
	if (!header) return;
	for (const [name, attributes] of parseSetCookieHeader(header)) {
		cookies.set(name, attributes.value, { ...toCookieOptions(attributes), path: attributes.path || '/' });
	}
}

/** Only same-site paths are followed after sign-in. */
export function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
