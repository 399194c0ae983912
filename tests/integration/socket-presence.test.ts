import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PresentUser } from '../../src/lib/shared/events';
import { connectSocket, signIn, startTestBoard, type TestBoard, type TestSocket } from '../helpers/board';
import { waitFor } from '../helpers/wait';

let board: TestBoard;
const open: TestSocket[] = [];
beforeAll(async () => {
	board = await startTestBoard();
});
afterEach(() => {
	for (const socket of open.splice(0)) socket.close();
});
afterAll(async () => {
	await board.stop();
});

async function connectAs(email: string) {
	const cookie = await signIn(board, email);
	const seen: { people: PresentUser[] } = { people: [] };
	const socket = await connectSocket(board, cookie, {
		listen: (s) => s.on('presence:v1', (people) => (seen.people = people))
	});
	open.push(socket);
	return { socket, cookie, seen };
}

describe('socket.io handshake', () => {
	it('refuses a connection without a session cookie, by name', async () => {
		const error = await connectSocket(board, null).catch((e: Error & { data?: { code: string } }) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error & { data: { code: string } }).data.code).toBe('unauthenticated');
	});

	it('refuses a signed-in browser on a foreign Origin', async () => {
		const cookie = await signIn(board, 'officer@demo.test');
		const error = await connectSocket(board, cookie, { origin: 'https://evil.example' }).catch(
			(e: Error) => e
		);
		expect((error as Error & { data: { code: string } }).data.code).toBe('bad_origin');
	});

	it('refuses a forged session cookie', async () => {
		const error = await connectSocket(board, 'lead-board.session_token=forged.value').catch((e: Error) => e);
		expect((error as Error & { data: { code: string } }).data.code).toBe('unauthenticated');
	});
});

describe('who is here', () => {
	it('shows a police sergeant and a case manager to each other, and drops one who leaves', async () => {
		const sergeant = await connectAs('sergeant@demo.test');
		const sergeantView = sergeant.seen;
		const caseManager = await connectAs('casemanager@demo.test');
		const caseManagerView = caseManager.seen;

		await waitFor(() => sergeantView.people.some((p) => p.name === 'Jordan Ortiz'), {
			message: 'case manager present'
		});
		await waitFor(() => caseManagerView.people.some((p) => p.name === 'Maria Keller'), {
			message: 'sergeant present'
		});
		const entry = sergeantView.people.find((p) => p.name === 'Jordan Ortiz')!;
		expect(entry).toMatchObject({
			role: 'case_manager',
			agencyKind: 'case_management',
			agencyShort: 'Outreach'
		});

		caseManager.socket.close();
		await waitFor(() => !sergeantView.people.some((p) => p.name === 'Jordan Ortiz'), {
			message: 'case manager gone'
		});
		expect(sergeantView.people.map((p) => p.name)).toEqual(['Maria Keller']);
	});

	it('announces a burst of departures once it settles, not once per closed screen', async () => {
		const lists: PresentUser[][] = [];
		const cookie = await signIn(board, 'sergeant@demo.test');
		open.push(
			await connectSocket(board, cookie, {
				listen: (s) => s.on('presence:v1', (people) => lists.push(people))
			})
		);
		const caseManager = await signIn(board, 'casemanager@demo.test');
		const screens = await Promise.all(Array.from({ length: 6 }, () => connectSocket(board, caseManager)));
		open.push(...screens);
		const jordan = (people: PresentUser[] | undefined) => people?.find((p) => p.name === 'Jordan Ortiz');
		await waitFor(() => jordan(lists.at(-1))?.connections === 6, { message: 'six screens of one person' });

		const before = lists.length;
		for (const screen of screens) screen.close();
		await waitFor(() => lists.length > before && !jordan(lists.at(-1)), { message: 'the case manager gone' });
		expect(lists.length - before).toBeLessThanOrEqual(2);
	});

	it('lists the people present on request, with an ok ack', async () => {
		const { socket } = await connectAs('prosecutor@demo.test');
		const reply = await socket.emitWithAck('presence:list:v1');
		expect(reply.ok).toBe(true);
		expect(reply.ok && reply.data.map((p) => p.name)).toContain('Priya Natarajan');
	});
});

describe('sessions that end', () => {
	it('closes the sockets of a session when it signs out', async () => {
		const { socket, cookie } = await connectAs('defender@demo.test');
		const ended = new Promise<string>((resolve) => socket.once('session:ended:v1', (p) => resolve(p.code)));
		const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
		const response = await fetch(`${board.origin}/api/auth/sign-out`, {
			method: 'POST',
			headers: { cookie, origin: board.origin, 'content-type': 'application/json' },
			body: '{}'
		});
		expect(response.ok).toBe(true);
		await expect(ended).resolves.toBe('session_ended');
		await disconnected;
		const again = await connectSocket(board, cookie).catch((e: Error) => e);
		expect(again).toBeInstanceOf(Error);
	});
});
