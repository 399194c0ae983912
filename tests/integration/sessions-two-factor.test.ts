/**
 * Two-step sign-in on a real server with REQUIRE_TWO_FACTOR=true (the default outside demo
 * mode): an account without an authenticator app is walked through setting one up before it can
 * use the board, and wrong codes count toward the lockout like wrong passwords.
 */
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/lib/server/demo/seed';
import { connectSocket, signIn, startTestBoard, type TestBoard } from '../helpers/board';

let board: TestBoard;
beforeAll(async () => {
	board = await startTestBoard({ REQUIRE_TWO_FACTOR: 'true' });
});
afterAll(async () => {
	await board.stop();
});

const totp = (base32Secret: string) =>
	createOTP(base32.decode(base32Secret), { digits: 6, period: 30 }).totp();
const get = (path: string, cookie: string) =>
	fetch(`${board.origin}${path}`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
/** A form action as the browser's enhanced form posts it. */
const action = (path: string, cookie: string, body: Record<string, string>) =>
	fetch(`${board.origin}${path}`, {
		method: 'POST',
		headers: {
			cookie,
			origin: board.origin,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(body)
	});
const cookieFrom = (response: Response) =>
	response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.filter((c) => !c!.endsWith('='))
		.join('; ');

describe('an account without an authenticator app', () => {
	it('is walked through setting one up (key, QR code, backup codes) before it can use the board', async () => {
		const cookie = await signIn(board, 'casemanager@demo.test', DEMO_PASSWORD, { acknowledgeNotice: false });
		expect((await get('/board', cookie)).headers.get('location')).toBe('/signin/setup?next=%2Fboard');
		expect((await get('/notice', cookie)).headers.get('location')).toBe('/signin/setup?next=%2Fnotice');
		const refused = (await connectSocket(board, cookie).catch((e: unknown) => e)) as {
			data: { code: string };
		};
		expect(refused.data.code).toBe('forbidden');
		const api = await fetch(`${board.origin}/api/v1/figures`, { headers: { cookie }, redirect: 'manual' });
		expect(api.status).toBe(403);
		expect(await api.json()).toEqual({
			code: 'forbidden',
			message: 'Set up two-step sign-in on the board (/signin/setup) before using the API with this session.'
		});

		expect((await action('/signin/setup?/start', cookie, { password: DEMO_PASSWORD })).status).toBe(200);
		const page = await (await get('/signin/setup', cookie)).text();
		const key = /<p class="key[^"]*"><code[^>]*>([A-Z2-7]+)<\/code>/.exec(page)?.[1];
		expect(key).toBeTruthy();
		expect(page).toContain('otpauth://totp/LEAD%20workgroup%20board:casemanager%40demo.test?secret=');
		expect(page).toContain('aria-label="QR code for adding LEAD workgroup board to an authenticator app"');
		expect(page.match(/<li><code[^>]*>[A-Za-z0-9]{5}-[A-Za-z0-9]{5}<\/code><\/li>/g)).toHaveLength(10);

		const wrong = (await (await action('/signin/setup?/verify', cookie, { code: '000000' })).json()) as {
			data: string;
		};
		expect(wrong.data).toContain('That code did not match');

		const verified = await action('/signin/setup?/verify', cookie, { code: await totp(key!) });
		expect(((await verified.clone().json()) as { type: string }).type).toBe('redirect');
		const rotated = cookieFrom(verified);
		expect(rotated).toMatch(/session_token=/);
		expect(rotated).not.toBe(cookie);
		// The new session goes on to the notice; the one it replaced is gone.
		expect((await get('/board', rotated)).headers.get('location')).toBe('/notice?next=%2Fboard');
		expect((await get('/board', cookie)).headers.get('location')).toMatch(/^\/signin/);

		// From now on the password alone opens nothing.
		const again = await fetch(`${board.origin}/api/auth/sign-in/email`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: board.origin },
			body: JSON.stringify({ email: 'casemanager@demo.test', password: DEMO_PASSWORD })
		});
		expect(await again.json()).toEqual({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
		expect(again.headers.getSetCookie().some((c) => /session_token=[^;]/.test(c))).toBe(false);
	});
});

describe('the demo account with an authenticator app', () => {
	it('signs in with a code made from the seeded secret, over HTTP as a script would', async () => {
		const cookie = await signIn(board, 'supervisor@demo.test', DEMO_PASSWORD, {
			totpCode: await totp(DEMO_TOTP_SECRET)
		});
		expect((await get('/board', cookie)).status).toBe(200);
	});

	it('is refused a remembered device: the board asks for a code at every sign-in', async () => {
		const password = await fetch(`${board.origin}/api/auth/sign-in/email`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: board.origin },
			body: JSON.stringify({ email: 'supervisor@demo.test', password: DEMO_PASSWORD })
		});
		const remembered = await fetch(`${board.origin}/api/auth/two-factor/verify-totp`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: board.origin, cookie: cookieFrom(password) },
			body: JSON.stringify({ code: await totp(DEMO_TOTP_SECRET), trustDevice: true })
		});
		expect(remembered.status).toBe(400);
		expect(await remembered.json()).toMatchObject({ code: 'TRUST_DEVICE_DISABLED' });
	});

	it('is locked by five wrong codes, like five wrong passwords', async () => {
		const password = await fetch(`${board.origin}/api/auth/sign-in/email`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: board.origin },
			body: JSON.stringify({ email: 'supervisor@demo.test', password: DEMO_PASSWORD })
		});
		const challenge = cookieFrom(password);
		const code = (value: string) =>
			fetch(`${board.origin}/api/auth/two-factor/verify-totp`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: board.origin, cookie: challenge },
				body: JSON.stringify({ code: value })
			});
		const right = await totp(DEMO_TOTP_SECRET);
		const wrong = right === '123456' ? '654321' : '123456';
		for (let i = 0; i < 5; i++) expect((await code(wrong)).status).toBe(401);
		const sixth = await code(right);
		expect(sixth.status).toBe(403);
		expect(await sixth.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });

		const db = new Database(board.databasePath, { readonly: true });
		try {
			const actions = (
				db
					.prepare(
						"select action from audit_events where object_id = (select id from user where email = 'supervisor@demo.test')"
					)
					.all() as { action: string }[]
			).map((r) => r.action);
			expect(actions.filter((a) => a === 'auth.two_factor_failed')).toHaveLength(5);
			expect(actions).toContain('auth.locked');
			expect(actions).toContain('auth.sign_in');
		} finally {
			db.close();
		}
	});
});
