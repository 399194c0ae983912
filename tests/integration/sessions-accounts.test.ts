/**
 * Sessions ended by people rather than by the clock (an administrator disabling an account,
 * signing out), and the session cookie itself: flags, and a new token at every sign-in.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import { yjsRooms } from '../../src/lib/shared/events';
import { connectSocket, connectWatchingEnd, signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { demoMeetings, openNotes } from '../helpers/notes';
import { waitFor } from '../helpers/wait';

let board: TestBoard;
let notesRoom: string;
beforeAll(async () => {
	board = await startTestBoard();
	notesRoom = yjsRooms.meetingNotes(demoMeetings(board.databasePath).workgroup);
});
afterAll(async () => {
	await board.stop();
});

function query<T>(sql: string, ...params: string[]): T[] {
	const db = new Database(board.databasePath, { readonly: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
}
const userId = (email: string) => query<{ id: string }>('select id from user where email = ?', email)[0]!.id;

const adminAction = (admin: string, action: string, body: Record<string, string>) =>
	fetch(`${board.origin}/admin/users?/${action}`, {
		method: 'POST',
		headers: {
			cookie: admin,
			origin: board.origin,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json'
		},
		body: new URLSearchParams(body)
	}).then((r) => r.json() as Promise<{ type: string }>);

const passwordSignIn = (email: string) =>
	fetch(`${board.origin}/api/auth/sign-in/email`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: board.origin },
		body: JSON.stringify({ email, password: DEMO_PASSWORD })
	});

describe('disabling an account', () => {
	it('ends its sessions at once: its sockets are told and closed, and it cannot sign in until enabled', async () => {
		const cookie = await signIn(board, 'officer@demo.test');
		const watched = await connectWatchingEnd(board, cookie);
		const notes = openNotes(board, cookie, notesRoom);
		await waitFor(() => notes.provider.synced, { timeout: 10_000, message: 'notes synced' });

		const admin = await signIn(board, 'admin@demo.test');
		const officerId = userId('officer@demo.test');
		expect((await adminAction(admin, 'disable', { userId: officerId })).type).toBe('success');

		await waitFor(() => watched.ended.length > 0 && watched.disconnected, {
			timeout: 5_000,
			message: 'socket closed'
		});
		await waitFor(() => notes.closeCodes.includes(4410), { timeout: 5_000, message: 'notes closed' });
		notes.destroy();
		watched.socket.close();
		const page = await fetch(`${board.origin}/board`, { headers: { cookie }, redirect: 'manual' });
		expect(page.headers.get('location')).toMatch(/^\/signin/);

		const refused = await passwordSignIn('officer@demo.test');
		expect(refused.status).toBe(403);
		expect(await refused.json()).toMatchObject({ code: 'ACCOUNT_DISABLED' });

		expect((await adminAction(admin, 'enable', { userId: officerId })).type).toBe('success');
		expect((await passwordSignIn('officer@demo.test')).status).toBe(200);
		const trail = query<{ action: string }>('select action from audit_events where object_id = ?', officerId);
		expect(trail.map((e) => e.action)).toEqual(
			expect.arrayContaining(['account.disabled', 'account.enabled'])
		);
	});
});

describe('signing out', () => {
	it('ends the session, closes its socket and is audited', async () => {
		const cookie = await signIn(board, 'defender@demo.test');
		let disconnected = false;
		await connectSocket(board, cookie, { listen: (s) => s.on('disconnect', () => (disconnected = true)) });
		const out = await fetch(`${board.origin}/api/auth/sign-out`, {
			method: 'POST',
			headers: { cookie, origin: board.origin }
		});
		expect(out.status).toBe(200);
		await waitFor(() => disconnected, { timeout: 5_000, message: 'socket closed' });
		const signOuts = query<{ actor_user_id: string }>(
			"select actor_user_id from audit_events where action = 'auth.sign_out'"
		);
		expect(signOuts.map((e) => e.actor_user_id)).toContain(userId('defender@demo.test'));
	});
});

describe('the session cookie', () => {
	it('is HttpOnly and SameSite=Lax (Secure only over HTTPS), and is new at every sign-in', async () => {
		const first = await passwordSignIn('prosecutor@demo.test');
		const second = await passwordSignIn('prosecutor@demo.test');
		const cookieOf = (r: Response) => r.headers.getSetCookie().find((c) => c.includes('session_token='))!;
		for (const cookie of [cookieOf(first), cookieOf(second)]) {
			expect(cookie).toMatch(/; HttpOnly/i);
			expect(cookie).toMatch(/; SameSite=Lax/i);
			expect(cookie).not.toMatch(/; Secure/i); // this test board is served over plain HTTP
		}
		const value = (c: string) => c.split(';')[0]!.split('=')[1];
		expect(value(cookieOf(first))).not.toBe(value(cookieOf(second)));
	});
});

describe('resetting two-step sign-in for someone who lost their authenticator app', () => {
	it('ends their sessions, and their password alone no longer leads to a code they cannot produce', async () => {
		const cookie = await signIn(board, 'supervisor@demo.test'); // password, then the app's code
		const ended: string[] = [];
		await connectSocket(board, cookie, {
			listen: (s) => s.on('session:ended:v1', (m) => ended.push(m.code))
		});
		const asked = await passwordSignIn('supervisor@demo.test');
		expect(await asked.json()).toMatchObject({ twoFactorRedirect: true });

		const admin = await signIn(board, 'admin@demo.test');
		const supervisorId = userId('supervisor@demo.test');
		expect((await adminAction(admin, 'resetTwoFactor', { userId: supervisorId })).type).toBe('success');

		await waitFor(() => ended.length > 0, { timeout: 5_000, message: 'session ended' });
		const page = await fetch(`${board.origin}/board`, { headers: { cookie }, redirect: 'manual' });
		expect(page.headers.get('location')).toMatch(/^\/signin/);
		const after = await passwordSignIn('supervisor@demo.test');
		expect(after.status).toBe(200);
		expect(await after.json()).not.toHaveProperty('twoFactorRedirect');
		expect(query('select id from two_factor where user_id = ?', supervisorId)).toEqual([]);
		const audited = query<{ action: string }>(
			"select action from audit_events where object_id = ? and action = 'auth.two_factor_reset'",
			supervisorId
		);
		expect(audited).toHaveLength(1);
	});
});
