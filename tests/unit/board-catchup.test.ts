/**
 * The board's catch-up in the browser, on every connection (the first included) and when the page
 * starts listening on a socket already open: a catch-up the server refuses for now
 * (`busy`, `rate_limited`) is asked again after a bounded, growing wait that is never shorter than
 * the server asked, the screen says the board is being brought up to date meanwhile, and after the
 * last try (or a refusal that waiting cannot cure) it says the board may be missing changes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BoardState } from '../../src/lib/client/board.svelte';
import type { LiveConnection } from '../../src/lib/client/live.svelte';
import { MAX_RETRIES, RetrySchedule, retryDelayMs } from '../../src/lib/client/retry.svelte';
import type { ParticipantCard } from '../../src/lib/shared/board-events';

type Handler = (...args: unknown[]) => void;

/** The socket as the board uses it: events to listen to, and acknowledged asks the test answers. */
class FakeSocket {
	connected = false;
	readonly asked: { event: string; payload: unknown }[] = [];
	readonly #handlers = new Map<string, Set<Handler>>();

	constructor(private readonly answer: (event: string, ask: number) => unknown) {}

	on(event: string, handler: Handler) {
		if (!this.#handlers.has(event)) this.#handlers.set(event, new Set());
		this.#handlers.get(event)!.add(handler);
		return this;
	}
	off(event: string, handler: Handler) {
		this.#handlers.get(event)?.delete(handler);
		return this;
	}
	emitWithAck(event: string, payload: unknown): Promise<unknown> {
		this.asked.push({ event, payload });
		return Promise.resolve(this.answer(event, this.asked.length));
	}
	/** The server pushes an event to the page. */
	push(event: string, payload: unknown): void {
		for (const handler of this.#handlers.get(event) ?? []) handler(payload);
	}
	/** The connection opened, or came back. */
	reconnect(): void {
		this.connected = true;
		for (const handler of this.#handlers.get('connect') ?? []) handler();
	}
}

const card = (participantId: string, code: string) =>
	({ participantId, code, status: 'enrolled', flags: [], caseManager: null }) as unknown as ParticipantCard;

const busy = { ok: false, code: 'busy', message: 'The board is busy; try again in a few seconds.' };
const caughtUp = (cards: ParticipantCard[], seq: number) => ({
	ok: true,
	data: { cards, removed: [], seq, hasMore: false }
});

/**
 * A board of one card at seq 10, on a socket (not yet connected, unless said) that answers with
 * `answer`; waits without jitter.
 */
function boardOn(answer: (event: string, ask: number) => unknown, { connected = false } = {}) {
	const socket = new FakeSocket(answer);
	socket.connected = connected;
	const live = { connect: () => socket } as unknown as LiveConnection;
	const board = new BoardState(
		live,
		{ cards: [card('p1', 'P-0001')], seq: 10, me: 'u1' },
		new RetrySchedule(() => 0)
	);
	return { socket, board, detach: board.attach() };
}

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

describe('catching up from what the page holds', () => {
	it('happens on the first connection too: a change made while the page loaded is not lost', async () => {
		const { socket, board } = boardOn(() => caughtUp([card('p2', 'P-0002')], 11));
		expect(socket.asked).toHaveLength(0);
		socket.reconnect();
		await vi.advanceTimersByTimeAsync(0);
		expect(socket.asked).toEqual([{ event: 'board:catchup:v1', payload: { afterSeq: 10 } }]);
		expect(board.all.map((c) => c.code).sort()).toEqual(['P-0001', 'P-0002']);
	});

	it('happens at once on a socket already open when the page starts listening', async () => {
		const { socket, board } = boardOn(() => caughtUp([card('p2', 'P-0002')], 11), { connected: true });
		await vi.advanceTimersByTimeAsync(0);
		expect(socket.asked).toEqual([{ event: 'board:catchup:v1', payload: { afterSeq: 10 } }]);
		expect(board.all).toHaveLength(2);
	});
});

describe('an answer handled after a newer push (both in one long-polling response)', () => {
	const pushed = (code: string, seq: number) => ({
		card: card('p1', code),
		seq,
		kind: 'update.post',
		by: null,
		at: '2026-12-06T10:00:00.000Z'
	});

	it('leaves the pushed card of a catch-up in place, and takes the rest', async () => {
		const { socket, board } = boardOn(() => {
			socket.push('board:card:v1', pushed('P-0001 as pushed', 12));
			return caughtUp([card('p1', 'P-0001 as read'), card('p2', 'P-0002')], 11);
		});
		socket.reconnect();
		await vi.advanceTimersByTimeAsync(0);
		expect(board.all.map((c) => c.code).sort()).toEqual(['P-0001 as pushed', 'P-0002']);
	});

	it('leaves the pushed card and a pushed removal of a roster taken again in place', async () => {
		const { socket, board } = boardOn((event) => {
			if (event !== 'board:roster:v1') return caughtUp([], 10);
			socket.push('board:card:v1', pushed('P-0001 as pushed', 14));
			socket.push('board:removed:v1', { participantId: 'p3', seq: 15 });
			return {
				ok: true,
				data: {
					roster: { cards: [card('p1', 'P-0001 as read'), card('p2', 'P-0002'), card('p3', 'P-0003')] },
					seq: 13,
					since: '2026-12-01T00:00:00.000Z'
				}
			};
		});
		socket.reconnect();
		await vi.advanceTimersByTimeAsync(0);
		socket.push('program:changed:v1', {});
		await vi.advanceTimersByTimeAsync(0);
		expect(board.all.map((c) => c.code).sort()).toEqual(['P-0001 as pushed', 'P-0002']);
	});
});

describe('a catch-up the server refuses for now', () => {
	it('is asked again after the wait the server gave, saying meanwhile that the board is catching up', async () => {
		const { socket, board } = boardOn((_, ask) =>
			ask === 1 ? { ...busy, retryAfterSeconds: 5 } : caughtUp([card('p1', 'P-0001-renamed')], 12)
		);
		socket.reconnect();
		await vi.advanceTimersByTimeAsync(0);
		expect(socket.asked).toEqual([{ event: 'board:catchup:v1', payload: { afterSeq: 10 } }]);
		expect(board.freshness).toBe('waiting');

		await vi.advanceTimersByTimeAsync(4_999);
		expect(socket.asked).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(socket.asked).toHaveLength(2);
		expect(socket.asked[1]).toEqual({ event: 'board:catchup:v1', payload: { afterSeq: 10 } });
		expect(board.freshness).toBe('current');
		expect(board.all.map((c) => c.code)).toEqual(['P-0001-renamed']);
	});

	it('waits longer each time, and after the last try says the board may be missing changes', async () => {
		const { socket, board } = boardOn(() => ({
			ok: false,
			code: 'rate_limited',
			message: 'Too many actions at once; wait a few seconds and try again.'
		}));
		socket.reconnect();
		await vi.advanceTimersByTimeAsync(0);
		const waits = [2_000, 4_000, 8_000, 16_000, 30_000, 30_000];
		expect(waits).toHaveLength(MAX_RETRIES);
		for (const [i, wait] of waits.entries()) {
			expect(board.freshness).toBe('waiting');
			await vi.advanceTimersByTimeAsync(wait - 1);
			expect(socket.asked).toHaveLength(i + 1);
			await vi.advanceTimersByTimeAsync(1);
			expect(socket.asked).toHaveLength(i + 2);
		}
		expect(board.freshness).toBe('behind');
		await vi.advanceTimersByTimeAsync(10 * 60_000);
		expect(socket.asked).toHaveLength(MAX_RETRIES + 1);
	});

	it('is not asked again after a refusal that waiting cannot cure', async () => {
		const { socket, board } = boardOn(() => ({ ok: false, code: 'forbidden', message: 'No.' }));
		socket.reconnect();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(socket.asked).toHaveLength(1);
		expect(board.freshness).toBe('behind');
	});

	it('is dropped when the connection comes back again: the new connection catches up at once', async () => {
		const { socket, board } = boardOn((_, ask) =>
			ask === 1 ? { ...busy, retryAfterSeconds: 5 } : caughtUp([], 11)
		);
		socket.reconnect();
		await vi.advanceTimersByTimeAsync(1_000);
		socket.reconnect();
		await vi.advanceTimersByTimeAsync(0);
		expect(socket.asked).toHaveLength(2);
		expect(board.freshness).toBe('current');
		await vi.advanceTimersByTimeAsync(60_000);
		expect(socket.asked).toHaveLength(2);
	});

	it('stops asking when the board is left', async () => {
		const { socket, detach } = boardOn(() => ({ ...busy, retryAfterSeconds: 5 }));
		socket.reconnect();
		await vi.advanceTimersByTimeAsync(0);
		detach();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(socket.asked).toHaveLength(1);
	});
});

describe('the wait before asking again', () => {
	it('doubles from two seconds to at most thirty, and ends after the last try', () => {
		const waits = Array.from({ length: MAX_RETRIES + 1 }, (_, i) => retryDelayMs(i + 1, 0, () => 0));
		expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, null]);
	});

	it('is never shorter than the server asked, and spreads people out by at most half again', () => {
		expect(retryDelayMs(1, 20, () => 0)).toBe(20_000);
		expect(retryDelayMs(1, 20, () => 0.999)).toBeLessThan(30_000);
		expect(retryDelayMs(3, 1, () => 0.5)).toBe(10_000);
	});
});
