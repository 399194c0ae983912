/**
 * Accounts, password hashing, sessions and the authenticator-app second factor, by better-auth
 * on the board's own database. Public sign-up is off: accounts are created by an admin (page or
 * command line). The board's sign-in rules (lockout, audit, password policy) run as better-auth
 * hooks, so the sign-in page and scripts meet the same rules.
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { isAPIError } from 'better-auth/api';
import { twoFactor as twoFactorPlugin } from 'better-auth/plugins/two-factor';
import type { Db } from './db';
import { log, withheld } from './log';
import { account, session, twoFactor, user, verification } from './db/schema';
import { CLIENT_ADDRESS_HEADER } from './security/audit-fields';
import { systemClock, type Clock } from './security/clock';
import { DEFAULT_LOCKOUT, type LockoutPolicy } from './security/lockout';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './security/password-policy';
import {
	beforeSessionCreated,
	beforeSessionDeleted,
	signInMiddleware,
	type GuardDeps
} from './security/sign-in-guards';

export interface AuthOptions {
	db: Db;
	secret: string;
	/** The public URL when configured; otherwise better-auth uses each request's origin. */
	baseURL?: string;
	trustedOrigins: string[];
	sessionMaxAgeSeconds: number;
	signInPerMinute: number;
	/** Told whenever a session row goes away (sign-out, expiry clean-up), to close its sockets. */
	onSessionEnded: (ended: { sessionId: string; userId: string }) => void;
	/** Refuses to open a session for a disabled account. */
	isDisabled: (userId: string) => boolean;
	/** Failed sign-ins that lock an account (default 5 in 15 minutes). */
	lockout?: LockoutPolicy;
	/** Time for the lockout window; tests pass a fake clock. */
	clock?: Clock;
	/** Counts each failed sign-in by reason (metrics). */
	onSignInFailed?: (reason: string) => void;
}

/** The name authenticator apps show beside the account. */
export const TOTP_ISSUER = 'LEAD workgroup board';

export function createAuth(options: AuthOptions) {
	const guards: GuardDeps = {
		db: options.db,
		lockout: options.lockout ?? DEFAULT_LOCKOUT,
		clock: options.clock ?? systemClock,
		sessionsEnded: (ended) => ended.forEach(options.onSessionEnded),
		signInFailed: options.onSignInFailed
	};
	return betterAuth({
		appName: 'LEAD workgroup board',
		secret: options.secret,
		// A configured public URL is the one base; a demo answers on each allowed local address.
		baseURL:
			options.baseURL ??
			(options.trustedOrigins.length
				? { allowedHosts: options.trustedOrigins.map((o) => new URL(o).host), protocol: 'http' }
				: undefined),
		trustedOrigins: options.trustedOrigins,
		database: drizzleAdapter(options.db, {
			provider: 'sqlite',
			schema: { user, session, account, verification, twoFactor }
		}),
		emailAndPassword: {
			enabled: true,
			disableSignUp: true,
			minPasswordLength: PASSWORD_MIN_LENGTH,
			maxPasswordLength: PASSWORD_MAX_LENGTH
		},
		plugins: [
			twoFactorPlugin({
				issuer: TOTP_ISSUER,
				// Ten minutes to type the code after the password.
				twoFactorCookieMaxAge: 600
			})
		],
		hooks: signInMiddleware(guards),
		user: {
			additionalFields: {
				role: { type: 'string', input: false, required: true },
				jurisdictionId: { type: 'string', input: false, required: true },
				agencyId: { type: 'string', input: false, required: true },
				disabled: { type: 'boolean', input: false, required: false, defaultValue: false }
			}
		},
		session: {
			expiresIn: options.sessionMaxAgeSeconds,
			// The lifetime is absolute: using a session does not extend it.
			disableSessionRefresh: true
		},
		rateLimit: {
			enabled: true,
			storage: 'memory',
			window: 60,
			max: 300,
			customRules: {
				'/sign-in/email': { window: 60, max: options.signInPerMinute },
				// Codes count like passwords (better-auth's own default would be 3 per 10 seconds).
				'/two-factor/*': { window: 60, max: options.signInPerMinute }
			}
		},
		advanced: {
			database: { generateId: () => crypto.randomUUID() },
			cookiePrefix: 'lead-board',
			// Secure follows the protocol (set whenever the board is served over HTTPS).
			defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
			// Stamped by the board's own HTTP server from the connection; never taken from the client.
			ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] }
		},
		databaseHooks: {
			session: {
				create: {
					before: async (s, ctx) =>
						options.isDisabled(s.userId) ? false : beforeSessionCreated(guards, s, ctx)
				},
				delete: {
					before: async (s, ctx) => beforeSessionDeleted(guards, s, ctx),
					after: async (s) => options.onSessionEnded({ sessionId: s.id, userId: s.userId })
				}
			}
		},
		telemetry: { enabled: false },
		// Better Auth's own messages as the board's JSON lines (see authLog).
		logger: { level: 'warn', log: authLog },
		// Left to itself, Better Auth prints a refusal thrown by the sign-in guards (a locked or
		// disabled account) as coloured plain text beside the board's lines.
		onAPIError: { onError: authRefusal }
	});
}

/** A refusal or failure Better Auth would print itself, as one of the board's log lines. */
export function authRefusal(error: unknown): void {
	if (!isAPIError(error)) {
		log('error', 'auth.failed', { error: withheld(String(error)) });
		return;
	}
	const failed = error.status === 'INTERNAL_SERVER_ERROR';
	const code = (error.body as { code?: unknown } | undefined)?.code;
	log(failed ? 'error' : 'warn', failed ? 'auth.failed' : 'auth.refused', {
		status: error.status,
		...(typeof code === 'string' ? { code } : {})
	});
}

/**
 * A Better Auth message as one of the board's log lines: its level and text only (the arguments it
 * passes along may hold a user record), with anything shaped like an email address withheld.
 */
export function authLog(level: string, message: string): void {
	const text = withheld(message);
	log(level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'info', 'auth.message', { message: text });
}

export type Auth = ReturnType<typeof createAuth>;
