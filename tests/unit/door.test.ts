/**
 * The door that turns away a flooding session's requests by their cookie, before any work: only
 * for as long as the session is shut out, only that cookie, and never more cookies than it keeps.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Door, DOOR_PAUSE_MS } from '../../server/realtime/door';

const request = (cookie?: string) => ({ headers: cookie === undefined ? {} : { cookie } });

describe('the door', () => {
	it('turns away a shut-out cookie until its time is up, and lets every other request in', () => {
		let now = 1_000;
		const door = new Door(() => now);
		door.shutFor('session=flooder', 5_000);
		expect(door.refuses(request('session=flooder'))).toBe(true);
		expect(door.refuses(request('session=someone-else'))).toBe(false);
		expect(door.refuses(request())).toBe(false);
		now += 4_999;
		expect(door.refuses(request('session=flooder'))).toBe(true);
		now += 1;
		expect(door.refuses(request('session=flooder'))).toBe(false);
	});

	it('ignores a request without a cookie to shut and a time already over', () => {
		const door = new Door(() => 0);
		door.shutFor(undefined, 5_000);
		door.shutFor('session=a', 0);
		expect(door.refuses(request('session=a'))).toBe(false);
	});

	it('forgets the oldest cookie beyond the ten thousand it keeps', () => {
		const door = new Door(() => 0);
		for (let i = 0; i <= 10_000; i++) door.shutFor(`session=${i}`, 60_000);
		expect(door.refuses(request('session=0'))).toBe(false);
		expect(door.refuses(request('session=1'))).toBe(true);
		expect(door.refuses(request('session=10000'))).toBe(true);
	});

	describe('answering engine.io', () => {
		afterEach(() => vi.useRealTimers());

		it('lets others in at once, and turns a shut-out cookie away only after the pause', () => {
			vi.useFakeTimers();
			const door = new Door(() => 0);
			door.shutFor('session=flooder', 60_000);
			const answers: [string | null, boolean][] = [];
			door.admit(request('session=someone-else'), (refusal, allowed) => answers.push([refusal, allowed]));
			expect(answers).toEqual([[null, true]]);
			door.admit(request('session=flooder'), (refusal, allowed) => answers.push([refusal, allowed]));
			vi.advanceTimersByTime(DOOR_PAUSE_MS - 1);
			expect(answers).toHaveLength(1);
			vi.advanceTimersByTime(1);
			expect(answers[1]).toEqual([expect.stringMatching(/wait a few seconds/), false]);
		});
	});
});
