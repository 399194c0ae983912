/**
 * The system-use notice on a real server: after sign-in nothing but the notice is shown, on any
 * channel, until the session acknowledges it. Also the per-person limit on socket events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yjsRooms } from '../../src/lib/shared/events';
import { acknowledgeNotice, connectSocket, signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { demoMeetings, upgradeStatus } from '../helpers/notes';

let board: TestBoard;
let notesPath: string;
beforeAll(async () => {
	board = await startTestBoard({ SOCKET_EVENT_LIMIT: '20', SOCKET_EVENT_WINDOW_SECONDS: '60' });
	notesPath = `/yjs/${yjsRooms.meetingNotes(demoMeetings(board.databasePath).workgroup)}`;
});
afterAll(async () => {
	await board.stop();
});

/** A page as a browser asks for it. */
const get = (path: string, cookie: string) =>
	fetch(`${board.origin}${path}`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });

describe('the system-use notice', () => {
	it('is all a new session sees: pages go to the notice, sockets and notes are refused', async () => {
		const cookie = await signIn(board, 'casemanager@demo.test', undefined, { acknowledgeNotice: false });
		const board_ = await get('/board', cookie);
		expect(board_.status).toBe(303);
		expect(board_.headers.get('location')).toBe('/notice?next=%2Fboard');
		expect((await get('/admin/users', cookie)).headers.get('location')).toBe('/notice?next=%2Fadmin%2Fusers');

		const notice = await (await get('/notice', cookie)).text();
		expect(notice).toContain('Authorized use only');
		expect(notice).toContain('42 CFR Part 2');
		expect(notice).toContain('monitored, recorded and audited');
		expect(notice).toContain('I understand and agree');

		const refused = (await connectSocket(board, cookie).catch((e: unknown) => e)) as Error & {
			data: { code: string; message: string };
		};
		expect(refused.data).toEqual({
			code: 'forbidden',
			message: 'Acknowledge the system-use notice before using the board.'
		});
		expect(await upgradeStatus(board, notesPath, { cookie, origin: board.origin })).toBe(403);
	});

	it('answers the API with 403 and what to do, not with the notice page', async () => {
		const cookie = await signIn(board, 'pcg@demo.test', undefined, { acknowledgeNotice: false });
		for (const path of ['/api/v1/figures', '/api/v1/exports/evaluation.zip?study=any']) {
			const refused = await fetch(`${board.origin}${path}`, { headers: { cookie }, redirect: 'manual' });
			expect(refused.status, path).toBe(403);
			expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
			expect(await refused.json()).toEqual({
				code: 'forbidden',
				message:
					'Acknowledge the system-use notice on the board (or POST /notice with this session) before using the API.'
			});
		}

		await acknowledgeNotice(board, cookie);
		const figures = await fetch(`${board.origin}/api/v1/figures`, { headers: { cookie } });
		expect(figures.status).toBe(200);
		expect(((await figures.json()) as { figures: unknown[] }).figures.length).toBeGreaterThan(0);
	});

	it('once acknowledged (the documented POST /notice), lets the session use pages and sockets', async () => {
		const cookie = await signIn(board, 'casemanager@demo.test', undefined, { acknowledgeNotice: false });
		await acknowledgeNotice(board, cookie);
		expect((await get('/board', cookie)).status).toBe(200);
		expect((await get('/notice', cookie)).headers.get('location')).toBe('/');
		const socket = await connectSocket(board, cookie);
		expect(socket.connected).toBe(true);
		socket.close();
		expect(await upgradeStatus(board, notesPath, { cookie, origin: board.origin })).toBe(101);
	});

	it('is asked again at the next sign-in: the acknowledgement belongs to one session', async () => {
		await signIn(board, 'sergeant@demo.test');
		const again = await signIn(board, 'sergeant@demo.test', undefined, { acknowledgeNotice: false });
		expect((await get('/board', again)).headers.get('location')).toBe('/notice?next=%2Fboard');
	});

	it('is acknowledged from the page by its button, which returns to the page first asked for', async () => {
		const cookie = await signIn(board, 'facilitator@demo.test', undefined, { acknowledgeNotice: false });
		const agreed = await fetch(`${board.origin}/notice?next=%2Fadmin%2Fusers`, {
			method: 'POST',
			headers: {
				cookie,
				origin: board.origin,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: '',
			redirect: 'manual'
		});
		expect(agreed.status).toBe(303);
		expect(agreed.headers.get('location')).toBe('/admin/users');
		expect((await get('/board', cookie)).status).toBe(200);
	});

	it('cannot be acknowledged for someone by another site', async () => {
		const cookie = await signIn(board, 'prosecutor@demo.test', undefined, { acknowledgeNotice: false });
		const forged = await fetch(`${board.origin}/notice`, {
			method: 'POST',
			headers: { cookie, origin: 'https://evil.example' },
			redirect: 'manual'
		});
		expect(forged.status).toBe(403);
		expect((await get('/board', cookie)).headers.get('location')).toBe('/notice?next=%2Fboard');
	});
});

describe('socket events per person', () => {
	it('are refused with rate_limited past the configured limit, told how long to wait, and nothing else breaks', async () => {
		const cookie = await signIn(board, 'evaluator@demo.test');
		const socket = await connectSocket(board, cookie);
		const acks = [];
		for (let i = 0; i < 25; i++) acks.push(await socket.timeout(5_000).emitWithAck('presence:list:v1'));
		expect(acks.slice(0, 20).every((a) => a.ok)).toBe(true);
		expect(acks.slice(20)).toEqual(
			Array(5).fill({
				ok: false,
				code: 'rate_limited',
				message: 'Too many actions at once; wait a few seconds and try again.',
				retryAfterSeconds: expect.any(Number)
			})
		);
		// Asked to wait until the window of 60 seconds that the allowance was spent in ends.
		for (const ack of acks.slice(20)) {
			const wait = ack.ok ? 0 : (ack.retryAfterSeconds ?? 0);
			expect(wait).toBeGreaterThan(0);
			expect(wait).toBeLessThanOrEqual(60);
		}
		expect(socket.connected).toBe(true);
		socket.close();
	});
});
