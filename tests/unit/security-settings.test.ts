import { describe, expect, it } from 'vitest';
import { createAuth } from '../../src/lib/server/auth';
import { loadConfig } from '../../src/lib/server/config';
import { buildDatabase } from '../helpers/factories';

const production = { NODE_ENV: 'production', ORIGIN: 'https://lead.county.gov', AUTH_SECRET: 'k'.repeat(40) };

describe('sign-in and session settings', () => {
	it('default to the CJIS numbers: 30 minutes idle, 12 hours in all, 5 failures in 15 minutes', () => {
		const config = loadConfig({});
		expect(config.sessionIdleMs).toBe(30 * 60_000);
		expect(config.sessionMaxAgeSeconds).toBe(12 * 3600);
		expect(config.lockout).toEqual({ maxFailures: 5, windowMs: 15 * 60_000 });
		expect(config.socketEvents).toEqual({ limit: 300, windowSeconds: 10 });
	});

	it('require an authenticator app outside demo mode, and the system-use notice in both', () => {
		expect(loadConfig({})).toMatchObject({ requireTwoFactor: false, requireSystemUseNotice: true });
		expect(loadConfig(production)).toMatchObject({ requireTwoFactor: true, requireSystemUseNotice: true });
		expect(loadConfig({ REQUIRE_TWO_FACTOR: 'true', REQUIRE_SYSTEM_USE_NOTICE: 'false' })).toMatchObject({
			requireTwoFactor: true,
			requireSystemUseNotice: false
		});
	});

	it('accept fractional minutes and hours, so a test server can expire a session within seconds', () => {
		const config = loadConfig({
			SESSION_IDLE_MINUTES: '0.05',
			SESSION_MAX_AGE_HOURS: '0.0025',
			SIGN_IN_LOCKOUT_WINDOW_MINUTES: '0.5'
		});
		expect(config.sessionIdleMs).toBe(3_000);
		expect(config.sessionMaxAgeSeconds).toBe(9);
		expect(config.lockout.windowMs).toBe(30_000);
	});

	it('name each bad value', () => {
		expect(() =>
			loadConfig({ SESSION_IDLE_MINUTES: '-1', REQUIRE_TWO_FACTOR: 'maybe', SIGN_IN_LOCKOUT_ATTEMPTS: '0' })
		).toThrow(/SESSION_IDLE_MINUTES[\s\S]*SIGN_IN_LOCKOUT_ATTEMPTS[\s\S]*REQUIRE_TWO_FACTOR/);
	});
});

describe('the session cookie', () => {
	const cookieFor = async (baseURL: string) => {
		const auth = createAuth({
			db: buildDatabase().db,
			secret: 's'.repeat(32),
			baseURL,
			trustedOrigins: [baseURL],
			sessionMaxAgeSeconds: 3600,
			signInPerMinute: 30,
			onSessionEnded: () => undefined,
			isDisabled: () => false
		});
		return (await auth.$context).authCookies.sessionToken;
	};

	it('is Secure (and named __Secure-) when the board is served over HTTPS', async () => {
		const cookie = await cookieFor('https://lead.county.gov');
		expect(cookie.name).toBe('__Secure-lead-board.session_token');
		expect(cookie.attributes).toMatchObject({ secure: true, httpOnly: true, sameSite: 'lax' });
	});

	it('is HttpOnly and SameSite=Lax over plain HTTP (a demo on this machine)', async () => {
		const cookie = await cookieFor('http://localhost:3000');
		expect(cookie.name).toBe('lead-board.session_token');
		expect(cookie.attributes).toMatchObject({ secure: false, httpOnly: true, sameSite: 'lax' });
	});
});
