import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestBoard, type TestBoard } from '../helpers/board';

let board: TestBoard;
beforeAll(async () => {
	board = await startTestBoard();
});
afterAll(async () => {
	await board.stop();
});

describe('signing in over HTTP', () => {
	it('returns a session cookie for a demo account and the session names the user', async () => {
		const cookie = await signIn(board, 'sergeant@demo.test');
		expect(cookie).toMatch(/lead-board\.session_token=/);
		const session = await fetch(`${board.origin}/api/auth/get-session`, { headers: { cookie } });
		const body = (await session.json()) as { user: { name: string; role: string } };
		expect(body.user).toMatchObject({ name: 'Maria Keller', role: 'police_sergeant' });
	});

	it('refuses a wrong password with 401 and no cookie', async () => {
		const response = await fetch(`${board.origin}/api/auth/sign-in/email`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: board.origin },
			body: JSON.stringify({ email: 'sergeant@demo.test', password: 'not-the-password' })
		});
		expect(response.status).toBe(401);
		expect(response.headers.getSetCookie()).toEqual([]);
	});

	it('has no public sign-up', async () => {
		const response = await fetch(`${board.origin}/api/auth/sign-up/email`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: board.origin },
			body: JSON.stringify({ email: 'new@demo.test', password: 'a-long-password-1', name: 'New Person' })
		});
		expect(response.ok).toBe(false);
	});
});

describe('pages', () => {
	it('send a visitor without a session to sign-in', async () => {
		const response = await fetch(`${board.origin}/admin/users`, { redirect: 'manual' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/signin?next=%2Fadmin%2Fusers');
	});

	it('show the app shell with the jurisdiction, name, role and agency', async () => {
		const cookie = await signIn(board, 'casemanager@demo.test');
		const html = await (await fetch(`${board.origin}/`, { headers: { cookie } })).text();
		expect(html).toContain('King County (demo)');
		expect(html).toContain('Jordan Ortiz');
		expect(html).toContain('Case manager');
		expect(html).toContain('Harbor Outreach Services');
		expect(html).toContain('Demo data.');
	});

	it('refuse the people page to a role that may not manage accounts', async () => {
		const cookie = await signIn(board, 'officer@demo.test');
		const response = await fetch(`${board.origin}/admin/users`, { headers: { cookie } });
		expect(response.status).toBe(403);
	});

	it('let an admin create an account that can then sign in', async () => {
		const admin = await signIn(board, 'admin@demo.test');
		const page = await (await fetch(`${board.origin}/admin/users`, { headers: { cookie: admin } })).text();
		const agencyId = /<option value="([0-9a-f-]{36})">Harbor Outreach Services<\/option>/.exec(page)?.[1];
		expect(agencyId).toBeTruthy();
		const form = new URLSearchParams({
			name: 'Lee Park',
			email: 'lee.park@demo.test',
			password: 'a-sound-password',
			role: 'case_manager',
			agencyId: agencyId!
		});
		const created = await fetch(`${board.origin}/admin/users?/create`, {
			method: 'POST',
			headers: {
				cookie: admin,
				origin: board.origin,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json'
			},
			body: form
		});
		const result = (await created.json()) as { type: string };
		expect(result.type).toBe('success');
		await expect(signIn(board, 'lee.park@demo.test', 'a-sound-password')).resolves.toMatch(/session_token/);
	});

	it('answers a create with bad fields with 400 and field messages, creating nothing', async () => {
		const admin = await signIn(board, 'admin@demo.test');
		const created = await fetch(`${board.origin}/admin/users?/create`, {
			method: 'POST',
			headers: {
				cookie: admin,
				origin: board.origin,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json'
			},
			body: new URLSearchParams({
				name: 'X',
				email: 'not-an-email',
				password: 'short',
				role: 'chief',
				agencyId: ''
			})
		});
		const result = (await created.json()) as { type: string; status: number; data: string };
		expect(result).toMatchObject({ type: 'failure', status: 400 });
		for (const field of ['name', 'email', 'password', 'role', 'agencyId'])
			expect(result.data).toContain(field);
		await expect(signIn(board, 'not-an-email', 'short')).rejects.toThrow();
	});
});

describe('form encodings', () => {
	it('refuses a same-origin text/plain form post with 415, without an error in the log', async () => {
		const cookie = await signIn(board, 'facilitator@demo.test');
		const before = board.logs.length;
		const response = await fetch(`${board.origin}/meetings/flags?/flag`, {
			method: 'POST',
			headers: { cookie, origin: board.origin, 'content-type': 'text/plain' },
			body: 'participantId=none'
		});
		expect(response.status).toBe(415);
		expect(response.headers.get('accept-post')).toContain('application/x-www-form-urlencoded');
		const printed = board.logs.slice(before).join('\n');
		expect(printed).not.toMatch(/"level":"error"|\n\s+at /);
	});

	it('still reads a URL-encoded form post', async () => {
		const cookie = await signIn(board, 'facilitator@demo.test');
		const response = await fetch(`${board.origin}/meetings/flags?/flag`, {
			method: 'POST',
			headers: { cookie, origin: board.origin, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'participantId=none'
		});
		expect(response.status).not.toBe(415);
		expect(response.status).toBeLessThan(500);
	});
});
