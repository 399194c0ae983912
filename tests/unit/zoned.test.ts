/**
 * Local days and wall-clock times in a program's time zone: the conversions the assessment clock,
 * the figures, consents, exports and the forms all count on, across daylight-saving changes.
 */
import { describe, expect, it } from 'vitest';
import {
	dayNumberOf,
	endOfLocalDay,
	isoToZonedLocal,
	localDate,
	localDayNumber,
	startOfLocalDay,
	zonedLocalToIso
} from '../../src/lib/shared/zoned';

const LA = 'America/Los_Angeles';

describe('local days', () => {
	it('start at local midnight on either side of a daylight-saving change', () => {
		expect(startOfLocalDay(dayNumberOf('2026-03-08'), LA).toISOString()).toBe('2026-03-08T08:00:00.000Z');
		expect(startOfLocalDay(dayNumberOf('2026-03-09'), LA).toISOString()).toBe('2026-03-09T07:00:00.000Z');
		expect(startOfLocalDay(dayNumberOf('2026-11-01'), LA).toISOString()).toBe('2026-11-01T07:00:00.000Z');
		expect(endOfLocalDay(dayNumberOf('2026-11-01'), LA).toISOString()).toBe('2026-11-02T07:59:59.999Z');
	});

	it('turn over at the exact second of local midnight, however often the same moments are asked', () => {
		const lastSecond = new Date('2026-03-02T07:59:59.999Z'); // 23:59:59 on 1 March in Seattle
		const midnight = new Date('2026-03-02T08:00:00.000Z');
		for (let i = 0; i < 3; i++) {
			expect(localDate(lastSecond, LA)).toBe('2026-03-01');
			expect(localDate(midnight, LA)).toBe('2026-03-02');
			expect(localDate(new Date(lastSecond.getTime() - 500), LA)).toBe('2026-03-01');
			expect(isoToZonedLocal(midnight, LA)).toBe('2026-03-02T00:00');
		}
		// Other zones asked in the same second keep their own reading.
		expect(localDate(lastSecond, 'UTC')).toBe('2026-03-02');
		expect(localDate(lastSecond, LA)).toBe('2026-03-01');
	});

	it('count an instant on its local date, not its UTC one', () => {
		const lateEvening = new Date('2026-03-02T07:30:00Z'); // 23:30 on 1 March in Seattle
		expect(localDate(lateEvening, LA)).toBe('2026-03-01');
		expect(localDayNumber(lateEvening, LA)).toBe(dayNumberOf('2026-03-01'));
		expect(localDate(lateEvening, 'UTC')).toBe('2026-03-02');
	});
});

describe('wall-clock times', () => {
	it.each([
		['2026-03-08T01:30', '2026-03-08T09:30:00.000Z'],
		['2026-03-08T03:30', '2026-03-08T10:30:00.000Z'],
		['2026-11-23T14:30', '2026-11-23T22:30:00.000Z'],
		['2026-07-04T00:00', '2026-07-04T07:00:00.000Z']
	])('read %s in Seattle as %s and back', (local, iso) => {
		expect(zonedLocalToIso(local, LA)).toBe(iso);
		expect(isoToZonedLocal(iso, LA)).toBe(local);
	});

	it('refuses text that is not a datetime-local value', () => {
		expect(zonedLocalToIso('2026-11-23 14:30', LA)).toBeNull();
	});
});
