/**
 * The pieces an evaluation export is made of: study pseudonyms (stable within a study, unrelated
 * across studies), age bands instead of dates of birth, and days counted on the program's local
 * calendar, daylight-saving days included.
 */
import { describe, expect, it } from 'vitest';
import { ageBand, ageOn, widerAgeBand } from '../../src/lib/server/evaluation/age-bands';
import { newStudySecret, pseudonymOf } from '../../src/lib/server/evaluation/pseudonyms';
import { localDayCounter, localDayNumber } from '../../src/lib/shared/zoned';

describe('study pseudonyms', () => {
	const record = '5f0c2d9e-4c4b-4f7e-9a0e-1d2c3b4a5f60';

	it('gives one record the same pseudonym every time within a study', () => {
		const secret = newStudySecret();
		expect(pseudonymOf(secret, record)).toBe(pseudonymOf(Buffer.from(secret), record));
		expect(pseudonymOf(secret, record)).toMatch(/^[0-9a-f]{16}$/);
	});

	it('gives one record unrelated pseudonyms in two studies, and two records two pseudonyms', () => {
		const [a, b] = [newStudySecret(), newStudySecret()];
		expect(a.equals(b)).toBe(false);
		expect(pseudonymOf(a, record)).not.toBe(pseudonymOf(b, record));
		expect(pseudonymOf(a, record)).not.toBe(pseudonymOf(a, `${record.slice(0, -1)}1`));
	});

	it('is the keyed hash of the record id (HMAC-SHA256), not anything readable from it', () => {
		const secret = Buffer.alloc(32, 7);
		// openssl dgst -sha256 -mac HMAC -macopt hexkey:0707…07 of "participant-1", first 16 hex digits.
		expect(pseudonymOf(secret, 'participant-1')).toBe('f190a43d348cbad8');
		expect(pseudonymOf(secret, 'participant-1')).not.toContain('participant');
	});
});

describe('age at referral as a band', () => {
	it('counts whole years, the birthday itself included', () => {
		expect(ageOn('1990-04-02', '2026-04-01')).toBe(35);
		expect(ageOn('1990-04-02', '2026-04-02')).toBe(36);
		expect(ageOn('2000-02-29', '2021-02-28')).toBe(20);
		expect(ageOn('2000-02-29', '2021-03-01')).toBe(21);
		expect(ageOn(null, '2026-04-01')).toBeNull();
		expect(ageOn('not a date', '2026-04-01')).toBeNull();
		expect(ageOn('2027-01-01', '2026-04-01')).toBeNull();
	});

	it('puts each age in its band, at every boundary', () => {
		const bands = [0, 17, 18, 24, 25, 34, 35, 44, 45, 54, 55, 64, 65, 99].map(ageBand);
		expect(bands).toEqual([
			'under 18',
			'under 18',
			'18-24',
			'18-24',
			'25-34',
			'25-34',
			'35-44',
			'35-44',
			'45-54',
			'45-54',
			'55-64',
			'55-64',
			'65+',
			'65+'
		]);
		expect(ageBand(null)).toBe('unknown');
	});

	it('widens a band into under 35, 35-54 or 55+, and leaves unknown as it is', () => {
		expect(
			['under 18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+', 'unknown'].map(widerAgeBand)
		).toEqual(['under 35', 'under 35', 'under 35', '35-54', '35-54', '55+', '55+', 'unknown']);
		expect(widerAgeBand('55+')).toBe('55+');
	});
});

describe('local calendar days for many events', () => {
	const hours = (from: string, count: number, stepMinutes = 20) =>
		Array.from({ length: count }, (_, i) => Date.parse(from) + i * stepMinutes * 60_000);

	it.each([
		['America/Los_Angeles', '2026-03-07T00:00:00Z'],
		['America/Los_Angeles', '2026-10-31T00:00:00Z'],
		['Europe/London', '2026-03-28T12:00:00Z'],
		['Australia/Lord_Howe', '2026-04-04T00:00:00Z'],
		['America/St_Johns', '2026-11-01T00:00:00Z'],
		['UTC', '2026-01-01T00:00:00Z']
	])('agrees with the assessment clock in %s around %s', (zone, from) => {
		const dayOf = localDayCounter(zone);
		for (const at of hours(from, 72 * 3))
			expect(dayOf(at), new Date(at).toISOString()).toBe(localDayNumber(new Date(at), zone));
	});

	it('puts 23:30 and 00:30 local time on two days, an hour apart', () => {
		const dayOf = localDayCounter('America/Los_Angeles');
		// 23:30 on 1 March in Seattle is 07:30 UTC on 2 March.
		expect(dayOf(Date.parse('2026-03-02T08:30:00Z')) - dayOf(Date.parse('2026-03-02T07:30:00Z'))).toBe(1);
		expect(dayOf(Date.parse('2026-03-02T07:59:00Z')) - dayOf(Date.parse('2026-03-02T07:30:00Z'))).toBe(0);
	});
});
