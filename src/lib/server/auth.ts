/**
 * Accounts, password hashing and sessions, by better-auth on the board's own database.
 * Public sign-up is off: accounts are created by an admin (page or command line).
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Db } from './db';
import { account, session, user, verification } from './db/schema';

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
}

export function createAuth(options: AuthOptions) {
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
			schema: { user, session, account, verification }
		}),
		emailAndPassword: {
			enabled: true,
			disableSignUp: true,
			minPasswordLength: 12,
			maxPasswordLength: 128
		},
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
				'/sign-in/email': { window: 60, max: options.signInPerMinute }
			}
		},
		advanced: {
			database: { generateId: () => crypto.randomUUID() },
			cookiePrefix: 'lead-board',
			// Stamped by the board's own HTTP server from the connection; never taken from the client.
			ipAddress: { ipAddressHeaders: ['x-lead-board-client'] }
		},
		databaseHooks: {
			session: {
				create: {
					before: async (s) => (options.isDisabled(s.userId) ? false : undefined)
				},
				delete: {
					after: async (s) => options.onSessionEnded({ sessionId: s.id, userId: s.userId })
				}
			}
		},
		telemetry: { enabled: false }
	});
}

export type Auth = ReturnType<typeof createAuth>;
