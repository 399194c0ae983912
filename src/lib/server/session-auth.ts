/**
 * Who is behind a request: the one session check every channel shares (pages, socket.io
 * handshakes, Yjs upgrades). It trusts only the session cookie, validated by better-auth.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Actor } from './policy';
import type { Services } from './services';
import { loadActor } from './users';

export interface Authenticated {
	actor: Actor;
	sessionId: string;
	expiresAt: Date;
}

export function toHeaders(headers: IncomingHttpHeaders | Headers): Headers {
	if (headers instanceof Headers) return headers;
	const out = new Headers();
	for (const [key, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		for (const v of Array.isArray(value) ? value : [value]) out.append(key, v);
	}
	return out;
}

export async function authenticate(
	services: Pick<Services, 'auth' | 'db'>,
	headers: IncomingHttpHeaders | Headers
): Promise<Authenticated | null> {
	const found = await services.auth.api.getSession({ headers: toHeaders(headers) });
	if (!found) return null;
	const actor = loadActor(services.db, found.user.id);
	if (!actor) return null;
	return { actor, sessionId: found.session.id, expiresAt: new Date(found.session.expiresAt) };
}
