/**
 * Small-number protection for every count the board shows outside the workgroup (figures pages,
 * print, snapshots, the API). A count from 1 to k−1 is shown as "fewer than k". When a column
 * shows its total, one hidden count could be worked out by subtracting the others from it, so
 * further counts are withheld (smallest first) until at least two are hidden and together they
 * reach k: no hidden count can be recovered, nor narrowed to a small group.
 */
import type { FigureValue } from '../../shared/figures';

/** A column of counts that add up to its total, each made safe to show. */
export function protectColumn(
	counts: readonly number[],
	k: number
): { cells: FigureValue[]; total: FigureValue } {
	const total = counts.reduce((a, b) => a + b, 0);
	if (total > 0 && total < k) {
		return { cells: counts.map((n) => (n === 0 ? 0 : { fewerThan: k })), total: { fewerThan: k } };
	}
	const cells: FigureValue[] = counts.map((n) => (n > 0 && n < k ? { fewerThan: k } : n));
	let hidden = counts.filter((n) => n > 0 && n < k);
	if (!hidden.length) return { cells, total };
	let hiddenSum = hidden.reduce((a, b) => a + b, 0);
	const order = counts
		.map((n, i) => ({ n, i }))
		.filter(({ n }) => n === 0 || n >= k)
		.sort((a, b) => a.n - b.n || a.i - b.i);
	for (const { n, i } of order) {
		if (hidden.length >= 2 && hiddenSum >= k) break;
		cells[i] = { withheld: true };
		hidden = [...hidden, n];
		hiddenSum += n;
	}
	return { cells, total };
}

/** One count shown on its own (no total beside it to subtract from). */
export function protectCount(n: number, k: number): FigureValue {
	return n > 0 && n < k ? { fewerThan: k } : n;
}

/** Whether a shown value is a real number (not hidden, not empty). */
export const shown = (v: FigureValue): v is number => typeof v === 'number';

/** A value derived from counts (a share, a rate, a change) is shown only when all its counts are. */
export function derived(value: number | null, ...from: FigureValue[]): FigureValue {
	if (from.some((v) => v !== null && !shown(v))) return { withheld: true };
	return value === null || !Number.isFinite(value) ? null : value;
}
