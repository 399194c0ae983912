/**
 * k-anonymity on the quasi-identifiers of an evaluation export, on hand-made rows with known
 * answers: each step generalises only the rows of groups under k, in order, and whatever is left
 * ends in one all-suppressed group of k or more; then, for any rows at all, no group is under k.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	SUPPRESSED,
	groupKey,
	groupSizes,
	protectRows,
	type QuasiIdentifiers
} from '../../src/lib/server/evaluation/k-anonymity';

interface Row extends QuasiIdentifiers {
	n: number;
}

/** `count` rows with these quasi-identifiers, numbered from `from`. */
function rows(count: number, q: QuasiIdentifiers, from = 0): Row[] {
	return Array.from({ length: count }, (_, i) => ({ ...q, n: from + i }));
}
const q = (ageBand: string, raceEthnicity: string, gender: string, neighbourhood: string) => ({
	ageBand,
	raceEthnicity,
	gender,
	neighbourhood
});
const qi = ({ ageBand, raceEthnicity, gender, neighbourhood }: QuasiIdentifiers) =>
	q(ageBand, raceEthnicity, gender, neighbourhood);

/** The smallest group the rows show (Infinity for no rows). */
const smallestGroup = (out: QuasiIdentifiers[]) => Math.min(...groupSizes(out).values());

describe('protecting the quasi-identifiers of an export', () => {
	it('leaves rows alone when every group already has k or more', () => {
		const input = [
			...rows(3, q('25-34', 'white', 'man', 'Belltown')),
			...rows(4, q('35-44', 'black', 'woman', 'Rainier'), 3)
		];
		const out = protectRows(input, 3);
		expect(out.rows).toEqual(input);
		expect(out.protection).toEqual({
			k: 3,
			changed: { neighbourhood: 0, ageWidened: 0, gender: 0, raceEthnicity: 0, ageBand: 0 },
			joined: 0,
			withheld: 0
		});
	});

	it('suppresses the neighbourhood first, then widens the age band, only for the small groups', () => {
		const input = [
			...rows(3, q('25-34', 'white', 'man', 'Belltown')),
			...rows(2, q('25-34', 'white', 'man', 'Ballard'), 3),
			...rows(1, q('18-24', 'white', 'man', 'Ballard'), 5)
		];
		const out = protectRows(input, 3);
		expect(out.rows.map(qi)).toEqual([
			...Array(3).fill(q('25-34', 'white', 'man', 'Belltown')),
			...Array(3).fill(q('under 35', 'white', 'man', SUPPRESSED))
		]);
		expect(out.rows.map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(out.protection.changed).toEqual({
			neighbourhood: 3,
			ageWidened: 3,
			gender: 0,
			raceEthnicity: 0,
			ageBand: 0
		});
	});

	it('suppresses gender before race/ethnicity, and stops as soon as the group reaches k', () => {
		const input = [
			...rows(2, q('35-44', 'black', 'woman', 'Rainier')),
			...rows(1, q('45-54', 'black', 'man', 'Rainier'), 2),
			...rows(5, q('65+', 'asian', 'woman', 'Beacon Hill'), 3)
		];
		const out = protectRows(input, 3);
		// Neighbourhood, then 35-54, then gender: three black participants aged 35-54 make a group of 3.
		expect(out.rows.slice(0, 3).map(qi)).toEqual(Array(3).fill(q('35-54', 'black', SUPPRESSED, SUPPRESSED)));
		expect(out.rows.slice(3).map(qi)).toEqual(Array(5).fill(q('65+', 'asian', 'woman', 'Beacon Hill')));
		expect(out.protection.changed).toMatchObject({
			neighbourhood: 3,
			ageWidened: 3,
			gender: 3,
			raceEthnicity: 0
		});
	});

	it('brings the all-suppressed group up to k with rows a large group can spare', () => {
		const input = [
			...rows(5, q('35-44', 'black', 'woman', 'Rainier')),
			...rows(1, q('65+', 'asian', 'man', 'Ballard'), 5)
		];
		const out = protectRows(input, 3);
		const all = q(SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED);
		expect(out.rows.map(qi)).toEqual([
			...Array(3).fill(q('35-44', 'black', 'woman', 'Rainier')),
			all,
			all,
			all
		]);
		expect(out.protection.joined).toBe(2);
		expect(out.protection.changed).toEqual({
			neighbourhood: 1,
			ageWidened: 1,
			gender: 1,
			raceEthnicity: 1,
			ageBand: 1
		});
	});

	it('lets a whole group join when no group has rows to spare', () => {
		const input = [
			...rows(3, q('25-34', 'white', 'man', 'Belltown')),
			...rows(3, q('45-54', 'black', 'woman', 'Rainier'), 3),
			...rows(1, q('65+', 'asian', 'man', 'Ballard'), 6)
		];
		const out = protectRows(input, 3);
		expect(out.rows.filter((r) => r.ageBand === SUPPRESSED).map((r) => r.n)).toEqual([0, 1, 2, 6]);
		expect(out.rows.slice(3, 6).map(qi)).toEqual(Array(3).fill(q('45-54', 'black', 'woman', 'Rainier')));
		expect(out.protection.joined).toBe(3);
		expect(smallestGroup(out.rows)).toBe(3);
	});

	it('withholds every row when there are fewer than k in all', () => {
		const input = rows(4, q('25-34', 'white', 'man', 'Belltown'));
		const out = protectRows(input, 5);
		expect(out.rows).toEqual([]);
		expect(out.withheld).toEqual(input);
		expect(out.protection.withheld).toBe(4);
	});

	it('refuses a k that is not a whole number of at least 1', () => {
		expect(() => protectRows([], 0)).toThrow(/at least 1/);
		expect(() => protectRows([], 2.5)).toThrow(/whole number/);
	});

	const AGE = ['under 18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+', 'unknown'];
	const arbitraryRow = fc.record({
		ageBand: fc.constantFrom(...AGE),
		raceEthnicity: fc.constantFrom('white', 'black', 'asian', 'hispanic_latino', 'unknown'),
		gender: fc.constantFrom('woman', 'man', 'non-binary', 'unknown'),
		neighbourhood: fc.constantFrom('Belltown', 'Rainier', 'Ballard', 'Beacon Hill', 'Delridge', 'unknown')
	});

	it('for any rows and any k, no group is under k, and nobody is left out once there are k people', () => {
		fc.assert(
			fc.property(fc.array(arbitraryRow, { maxLength: 120 }), fc.integer({ min: 1, max: 15 }), (input, k) => {
				const out = protectRows(input, k);
				if (input.length < k) {
					expect(out.rows).toEqual([]);
					expect(out.withheld).toHaveLength(input.length);
					return;
				}
				expect(out.rows).toHaveLength(input.length);
				expect(smallestGroup(out.rows)).toBeGreaterThanOrEqual(k);
				// Each value is the one recorded, its generalisation, or suppressed.
				out.rows.forEach((row, i) => {
					const was = input[i];
					expect([was.neighbourhood, SUPPRESSED]).toContain(row.neighbourhood);
					expect([was.gender, SUPPRESSED]).toContain(row.gender);
					expect([was.raceEthnicity, SUPPRESSED]).toContain(row.raceEthnicity);
				});
				// Rows already in groups of k or more stay as recorded unless rows had to join the suppressed group.
				if (out.protection.joined === 0) {
					const sizes = groupSizes(input);
					input.forEach((was, i) => {
						if (sizes.get(groupKey(was))! >= k) expect(out.rows[i]).toEqual(was);
					});
				}
			}),
			{ numRuns: 300 }
		);
	});
});
