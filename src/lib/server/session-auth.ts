/**
 * Who is behind a request: the one session check every channel shares (pages, socket.io
 * handshakes and events, Yjs upgrades). It trusts only the session cookie, validated by
 * better-auth, then applies the board's own limits: an idle or too-old session ends here (its row
 * deleted and audited), and a live one records the activity and says what it must still do
 * (set up two-step sign-in, acknowledge the system-use notice) before it may use the board.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from './config';
import { DomainError } from './errors';
import type { Actor } from './policy';
import { systemClock, type Clock } from './security/clock';
import {
	touchSession,
	type LiveSession,
	type SessionDeps,
	type SessionLimits
} from './security/session-lifetime';
import type { Services } from './services';
import { ERROR_CODES } from '../shared/errors';
import { loadActor } from './users';

/** A step a signed-in session must take before the board shows it anything. */
export type SessionPending = 'two_factor_setup' | 'notice';

export interface Authenticated {
	actor: Actor;
	sessionId: string;
	/** The absolute end of the session (idle expiry comes sooner if it goes quiet). */
	expiresAt: Date;
	pending: SessionPending | null;
}

type SessionServices = Pick<Services, 'auth' | 'db' | 'config' | 'sessionsEnded'>;

export function toHeaders(headers: IncomingHttpHeaders | Headers): Headers {
	if (headers instanceof Headers) return headers;
	const out = new Headers();
	for (const [key, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		for (const v of Array.isArray(value) ? value : [value]) out.append(key, v);
	}
	return out;
}

export function sessionLimits(config: Pick<Config, 'sessionIdleMs' | 'sessionMaxAgeSeconds'>): SessionLimits {
	return { idleMs: config.sessionIdleMs, absoluteMs: config.sessionMaxAgeSeconds * 1000 };
}

function sessionDeps(services: SessionServices): SessionDeps {
	return {
		db: services.db,
		limits: sessionLimits(services.config),
		sessionsEnded: (ended) => services.sessionsEnded(ended)
	};
}

function pendingStep(
	config: Pick<Config, 'requireTwoFactor' | 'requireSystemUseNotice'>,
	twoFactorEnabled: boolean,
	live: LiveSession
): SessionPending | null {
	if (config.requireTwoFactor && !twoFactorEnabled) return 'two_factor_setup';
	if (config.requireSystemUseNotice && !live.noticeAcknowledged) return 'notice';
	return null;
}

export async function authenticate(
	services: SessionServices,
	headers: IncomingHttpHeaders | Headers,
	clock: Clock = systemClock
): Promise<Authenticated | null> {
	const found = await services.auth.api.getSession({ headers: toHeaders(headers) });
	if (!found) return null;
	const live = touchSession(sessionDeps(services), found.session.id, clock());
	if (!live) return null;
	const actor = loadActor(services.db, found.user.id);
	if (!actor) return null;
	return {
		actor,
		sessionId: found.session.id,
		expiresAt: live.endsAt,
		pending: pendingStep(services.config, found.user.twoFactorEnabled === true, live)
	};
}

/** One socket event on a session: false when the session has ended (now or before). */
export function stillActive(
	services: SessionServices,
	sessionId: string,
	clock: Clock = systemClock
): boolean {
	return touchSession(sessionDeps(services), sessionId, clock()) !== null;
}

/** Sockets open only for a session that has finished signing in; the refusal says what is missing. */
export function requireReady(who: Authenticated): void {
	if (who.pending === 'two_factor_setup') {
		throw new DomainError(
			ERROR_CODES.FORBIDDEN,
			'Set up two-step sign-in with an authenticator app before using the board.'
		);
	}
	if (who.pending === 'notice') {
		throw new DomainError(ERROR_CODES.FORBIDDEN, 'Acknowledge the system-use notice before using the board.');
	}
}
