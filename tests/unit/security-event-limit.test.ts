/** The per-person socket allowance: reads reserve a page's cost and are settled at what they read. */
import { describe, expect, it } from 'vitest';
import {
	allowSocketEvent,
	readCost,
	readReserve,
	READ_RESERVE_ROWS,
	settleRead
} from '../../src/lib/server/security/rate-limit';

const settings = { limit: 120, windowSeconds: 600 };

describe('a read against the per-person allowance', () => {
	it('holds back a full page before it runs, so two at once fit where three would not', async () => {
		const owner = {};
		const reserve = 1 + readReserve(settings);
		expect(reserve).toBe(1 + readCost(READ_RESERVE_ROWS));
		expect(await allowSocketEvent(owner, settings, 'u1', reserve)).toBe(true);
		expect(await allowSocketEvent(owner, settings, 'u1', reserve)).toBe(true);
		expect(await allowSocketEvent(owner, settings, 'u1', reserve)).toBe(false);
		expect(await allowSocketEvent(owner, settings, 'u2', reserve)).toBe(true);
	});

	it('gives back what it did not read, and charges more when it read more than a page', async () => {
		const owner = {};
		const reserve = 1 + readReserve(settings);
		expect(await allowSocketEvent(owner, settings, 'u1', reserve)).toBe(true);
		await settleRead(owner, settings, 'u1', 25); // cost 1 + 2: 117 left
		expect(await allowSocketEvent(owner, settings, 'u1', 117)).toBe(true);
		expect(await allowSocketEvent(owner, settings, 'u1', 1)).toBe(false);

		const other = {};
		expect(await allowSocketEvent(other, settings, 'u1', reserve)).toBe(true);
		await settleRead(other, settings, 'u1', 1_000); // cost 1 + 100: 19 left
		expect(await allowSocketEvent(other, settings, 'u1', 19)).toBe(true);
		expect(await allowSocketEvent(other, settings, 'u1', 1)).toBe(false);
	});

	it('never reserves more than the limit leaves for the event itself', () => {
		expect(readReserve({ limit: 20, windowSeconds: 60 })).toBe(19);
		expect(readReserve({ limit: 1, windowSeconds: 60 })).toBe(0);
	});
});
