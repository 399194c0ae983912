/**
 * Account lockout on a real server with its default limits: 5 failed sign-ins lock the account,
 * the sixth is refused even with the right password, and an administrator's unlock lets it in.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import { yjsRooms } from '../../src/lib/shared/events';
import { connectWatchingEnd, signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { demoMeetings, openNotes } from '../helpers/notes';
import { waitFor } from '../helpers/wait';

const LOCKED = 'This account is locked after too many failed sign-ins. An administrator must unlock it.';

let board: TestBoard;
beforeAll(async () => {
	board = await startTestBoard();
});
afterAll(async () => {
	await board.stop();
});

const passwordSignIn = (email: string, password: string) =>
	fetch(`${board.origin}/api/auth/sign-in/email`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: board.origin },
		body: JSON.stringify({ email, password })
	});

/** The sign-in page's form, as the browser's enhanced form posts it. */
const pageSignIn = (email: string, password: string) =>
	fetch(`${board.origin}/signin`, {
		method: 'POST',
		headers: {
			origin: board.origin,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json',
			'x-sveltekit-action': 'true'
		},
		body: new URLSearchParams({ email, password })
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
const auditActions = (objectId: string) =>
	query<{ action: string; outcome: string }>(
		'select action, outcome from audit_events where object_id = ? order by id',
		objectId
	);

describe('five failed sign-ins', () => {
	it('lock the account: the sixth sign-in is refused even with the right password, with a clear message', async () => {
		for (let i = 0; i < 5; i++) {
			expect((await passwordSignIn('pcg@demo.test', 'not-the-demo-password')).status).toBe(401);
		}
		const sixth = await passwordSignIn('pcg@demo.test', DEMO_PASSWORD);
		expect(sixth.status).toBe(403);
		expect(await sixth.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', message: LOCKED });
		expect(sixth.headers.getSetCookie().some((c) => c.includes('session_token='))).toBe(false);

		const onThePage = (await (await pageSignIn('pcg@demo.test', DEMO_PASSWORD)).json()) as {
			type: string;
			data: string;
		};
		expect(onThePage.type).toBe('failure');
		expect(onThePage.data).toContain(LOCKED);

		const trail = auditActions(userId('pcg@demo.test'));
		expect(trail.filter((e) => e.action === 'auth.sign_in_failed' && e.outcome === 'failure')).toHaveLength(
			5
		);
		expect(trail.filter((e) => e.action === 'auth.locked')).toHaveLength(1);
		expect(trail.filter((e) => e.action === 'auth.sign_in_failed' && e.outcome === 'denied')).toHaveLength(2);
	});

	it('stay locked until an administrator unlocks the account on the people page; then it signs in', async () => {
		const admin = await signIn(board, 'admin@demo.test');
		const page = await (await fetch(`${board.origin}/admin/users`, { headers: { cookie: admin } })).text();
		expect(page).toContain('Locked');
		expect(page).toContain('aria-label="Unlock Grace Liu"');

		const unlocked = await fetch(`${board.origin}/admin/users?/unlock`, {
			method: 'POST',
			headers: {
				cookie: admin,
				origin: board.origin,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json'
			},
			body: new URLSearchParams({ userId: userId('pcg@demo.test') })
		});
		expect(((await unlocked.json()) as { type: string }).type).toBe('success');
		await expect(signIn(board, 'pcg@demo.test')).resolves.toMatch(/session_token=/);

		const trail = auditActions(userId('pcg@demo.test'));
		expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.unlocked', 'auth.sign_in']));
	});

	it('count per account: failures against one account do not lock another', async () => {
		for (let i = 0; i < 4; i++) await passwordSignIn('evaluator@demo.test', 'not-the-demo-password');
		expect((await passwordSignIn('evaluator@demo.test', DEMO_PASSWORD)).status).toBe(200);
		expect((await passwordSignIn('defender@demo.test', DEMO_PASSWORD)).status).toBe(200);
	});
});

describe('locking an account', () => {
	it('ends the sessions it already has at once, on the board socket, the notes and pages alike', async () => {
		const cookie = await signIn(board, 'facilitator@demo.test');
		const watched = await connectWatchingEnd(board, cookie);
		const notes = openNotes(board, cookie, yjsRooms.meetingNotes(demoMeetings(board.databasePath).workgroup));
		await waitFor(() => notes.provider.synced, { timeout: 10_000, message: 'notes synced' });

		// Someone else guesses the password five times.
		for (let i = 0; i < 5; i++) {
			expect((await passwordSignIn('facilitator@demo.test', 'a-guess-that-is-wrong')).status).toBe(401);
		}

		await waitFor(() => watched.ended.length > 0 && watched.disconnected, {
			timeout: 5_000,
			message: 'socket closed'
		});
		expect(watched.ended).toEqual(['session_ended']);
		await waitFor(() => notes.closeCodes.includes(4410), { timeout: 5_000, message: 'notes closed' });
		notes.destroy();
		watched.socket.close();
		const page = await fetch(`${board.origin}/board`, { headers: { cookie }, redirect: 'manual' });
		expect(page.headers.get('location')).toMatch(/^\/signin/);

		const locked = query<{ detail: string }>(
			"select detail from audit_events where action = 'auth.locked' and object_id = ?",
			userId('facilitator@demo.test')
		);
		expect(locked.map((row) => JSON.parse(row.detail) as { sessionsEnded: number })).toEqual([
			expect.objectContaining({ sessionsEnded: 1 })
		]);
	});
});
