/**
 * Per-person socket limits weighted by cost, on a real server: a catch-up pays for the rows it
 * reads, a burst of them sent at once is refused with `rate_limited` after a few have run (not after
 * the server has done them all), another person is not held back by it, and someone who keeps
 * sending long after being refused has the socket closed and is turned away at the door.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_RESERVE_ROWS, readCost } from '../../src/lib/server/security/rate-limit';
import { connectSocket, signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { openBoard, type LiveBoardClient } from '../helpers/board-client';

const LIMIT = 300;
/** What one catch-up holds back before it runs. */
const RESERVE = 1 + readCost(READ_RESERVE_ROWS);

let board: TestBoard;
beforeAll(async () => {
	// A long window, so that no test sees its allowance renewed halfway.
	board = await startTestBoard({ SOCKET_EVENT_LIMIT: String(LIMIT), SOCKET_EVENT_WINDOW_SECONDS: '600' });
});
afterAll(async () => {
	await board?.stop();
});

const catchUpFromStart = (client: LiveBoardClient) =>
	client.socket.timeout(30_000).emitWithAck('board:catchup:v1', { afterSeq: 0 });

async function rowsOfCatchUp(client: LiveBoardClient): Promise<number> {
	const reply = await catchUpFromStart(client);
	if (!reply.ok) throw new Error(`catch-up refused: ${reply.code}`);
	return reply.data.cards.length + reply.data.removed.length;
}

describe('a burst of catch-ups from the start of the log, sent at once', () => {
	it('answers a few and refuses the rest with rate_limited, while another person is answered', async () => {
		const heavy = await openBoard(board, 'officer@demo.test');
		const other = await openBoard(board, 'sergeant@demo.test');
		const rows = await rowsOfCatchUp(heavy);
		const burst = LIMIT - 20; // counted by events alone, every one of these would be answered

		const [replies, otherReply] = await Promise.all([
			Promise.all(Array.from({ length: burst }, () => catchUpFromStart(heavy))),
			catchUpFromStart(other)
		]);
		const answered = replies.filter((r) => r.ok).length;
		expect(answered).toBeGreaterThanOrEqual(1);
		// However the burst arrives (at once, or in parts with some reads settled in between), the
		// reads answered never cost more than the allowance; all at once, only LIMIT / RESERVE run.
		expect(answered).toBeLessThanOrEqual(Math.floor(LIMIT / (1 + readCost(rows))));
		expect(replies.filter((r) => !r.ok && r.code === 'rate_limited')).toHaveLength(burst - answered);

		expect(otherReply.ok).toBe(true);
		expect(other.socket.connected).toBe(true);
		expect(heavy.socket.connected).toBe(true);
		heavy.socket.close();
		other.socket.close();
	});
});

describe('catch-ups sent one after another', () => {
	it('are charged by the rows they returned, so the allowance runs out in far fewer than LIMIT', async () => {
		const reader = await openBoard(board, 'facilitator@demo.test');
		const rows = await rowsOfCatchUp(reader);
		expect(rows).toBeGreaterThanOrEqual(20); // each costs at least three points

		const outcomes: string[] = [];
		for (let i = 0; i < LIMIT; i++) {
			const reply = await catchUpFromStart(reader);
			outcomes.push(reply.ok ? 'ok' : reply.code);
			if (!reply.ok) break;
		}
		const answered = outcomes.filter((o) => o === 'ok').length;
		expect(outcomes.at(-1)).toBe('rate_limited');
		// Each answered catch-up gave back what it had reserved beyond its rows: more than a
		// reservation alone allows, and no more than its true cost allows.
		expect(answered).toBeGreaterThan(Math.floor(LIMIT / RESERVE));
		expect(answered).toBeLessThanOrEqual(Math.floor(LIMIT / (1 + readCost(rows))));
		reader.socket.close();
	});
});

describe('a person who keeps sending after being refused', () => {
	it('has the socket closed and no new one opened until the window ends, while others go on', async () => {
		const flooder = await openBoard(board, 'prosecutor@demo.test');
		const other = await openBoard(board, 'defender@demo.test');
		const closed = new Promise<string>((resolve) => flooder.socket.once('disconnect', resolve));
		const burst = () => Promise.all(Array.from({ length: LIMIT }, () => catchUpFromStart(flooder)));
		const first = await burst();
		// One burst past the allowance is refused and nothing more: the socket stays open.
		expect(first.filter((r) => !r.ok && r.code === 'rate_limited').length).toBeGreaterThan(0);
		expect(flooder.socket.connected).toBe(true);

		void burst().catch(() => undefined); // refused past the allowance again: a flood
		expect(await closed).toBe('io server disconnect');
		// Its cookie is turned away at the door: the websocket is never opened, nor the session read.
		await expect(connectSocket(board, flooder.cookie)).rejects.toThrow(/websocket error/);
		// Another session of the same person is refused by who they are, and then by its cookie too.
		const again = await signIn(board, 'prosecutor@demo.test');
		await expect(connectSocket(board, again)).rejects.toThrow(/rate_limited/);
		await expect(connectSocket(board, again)).rejects.toThrow(/websocket error/);

		expect((await catchUpFromStart(other)).ok).toBe(true);
		expect(other.socket.connected).toBe(true);
		other.socket.close();
	});
});
