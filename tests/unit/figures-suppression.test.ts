/**
 * Small-number protection: a count below the threshold is never shown, and no hidden count can be
 * worked out from the total and the counts that are shown (complementary suppression). Checked on
 * known columns and, with fast-check, on thousands of random ones as a reader with the total
 * would attack them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derived, protectColumn } from '../../src/lib/server/figures/suppress';
import type { FigureValue } from '../../src/lib/shared/figures';

const K = 11;
const fewer = { fewerThan: K };
const withheld = { withheld: true } as const;

/**
 * What a reader can learn of each hidden cell from the shown cells and the total: the smallest and
 * largest value it could hold. A "fewer than k" cell holds 1 to k−1; a withheld one any count.
 */
function bounds(cells: FigureValue[], total: number): { lo: number; hi: number }[] {
	const shownSum = cells.reduce<number>((s, c) => s + (typeof c === 'number' ? c : 0), 0);
	const rest = total - shownSum;
	const hidden = cells.map((c, i) => ({ c, i })).filter(({ c }) => typeof c !== 'number');
	const lo = (c: FigureValue) => (typeof c === 'object' && c && 'fewerThan' in c ? 1 : 0);
	const hi = (c: FigureValue) => (typeof c === 'object' && c && 'fewerThan' in c ? K - 1 : rest);
	return hidden.map(({ c, i }) => {
		const others = hidden.filter((h) => h.i !== i);
		const othersLo = others.reduce((s, h) => s + lo(h.c), 0);
		const othersHi = others.reduce((s, h) => s + hi(h.c), 0);
		return { lo: Math.max(lo(c), rest - othersHi), hi: Math.min(hi(c), rest - othersLo) };
	});
}

describe('protecting a column of counts', () => {
	it('shows a column with no small count as it is', () => {
		expect(protectColumn([40, 0, 12], K)).toEqual({ cells: [40, 0, 12], total: 52 });
	});

	it('hides a small count and the next smallest count beside it', () => {
		expect(protectColumn([50, 5, 30], K)).toEqual({ cells: [50, fewer, withheld], total: 85 });
	});

	it('withholds more until the hidden counts reach the threshold together', () => {
		// 3 and a 0 would add up to 3: a reader would know both are tiny, so 20 is withheld too.
		expect(protectColumn([20, 3, 0, 40], K)).toEqual({ cells: [withheld, fewer, withheld, 40], total: 63 });
	});

	it('hides a small total and every count under it, showing only zeros', () => {
		expect(protectColumn([4, 0, 3], K)).toEqual({ cells: [fewer, 0, fewer], total: fewer });
	});

	it('needs no complement when two small counts already hide each other and reach the threshold', () => {
		expect(protectColumn([6, 7, 30], K)).toEqual({ cells: [fewer, fewer, 30], total: 43 });
	});

	it('withholds small counts without a bound, and keeps the total, when "fewer than" would give them away', () => {
		// Two counts "fewer than 11" adding up to 20 could only be 10 and 10.
		expect(protectColumn([10, 10], K)).toEqual({ cells: [withheld, withheld], total: 20 });
		expect(protectColumn([10, 10, 0], K)).toEqual({ cells: [fewer, fewer, withheld], total: 20 });
	});

	it('never shows a count from 1 to k−1 and never lets a hidden count be worked out', () => {
		fc.assert(
			fc.property(fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 10 }), (counts) => {
				const { cells, total } = protectColumn(counts, K);
				for (const c of cells) if (typeof c === 'number') expect(c === 0 || c >= K).toBe(true);
				const sum = counts.reduce((a, b) => a + b, 0);
				if (typeof total !== 'number') {
					// Only a small total is hidden: any other reads the same in every table that shows it.
					expect(total).toEqual(fewer);
					expect(sum).toBeLessThan(K);
					return;
				}
				expect(total).toBe(sum);
				for (const b of bounds(cells, total)) expect(b.hi).toBeGreaterThan(b.lo);
			}),
			{ numRuns: 3000 }
		);
	});
});

describe('values built on counts', () => {
	it('withholds a share, rate or change when any count it comes from is hidden', () => {
		expect(derived(42.5, 17, 40)).toBe(42.5);
		expect(derived(12.5, fewer, 40)).toEqual(withheld);
		expect(derived(3, 40, withheld)).toEqual(withheld);
		expect(derived(null, 0, 0)).toBeNull();
	});
});
