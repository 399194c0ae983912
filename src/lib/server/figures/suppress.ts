/**
 * Small-number protection for every count the board shows outside the workgroup (figures pages,
 * print, snapshots, the API). A count from 1 to k−1 is shown as "fewer than k". When a column
 * shows its total, one hidden count could be worked out by subtracting the others from it, so
 * further counts are withheld (smallest first) until no hidden count can be pinned down from the
 * total and the counts shown; if even hiding them all is not enough, they are withheld without
 * saying they are small. A total of k or more is always shown, the same wherever it appears.
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
	if (cells.every(shown)) return { cells, total };
	const order = counts
		.map((n, i) => ({ n, i }))
		.filter(({ i }) => shown(cells[i]))
		.sort((a, b) => a.n - b.n || a.i - b.i);
	for (const { i } of order) {
		if (safe(cells, counts, total, k)) return { cells, total };
		cells[i] = { withheld: true };
	}
	if (safe(cells, counts, total, k)) return { cells, total };
	// Every count is hidden and "fewer than k" still gives them away (two such counts adding up to
	// 20 can only be 10 and 10): they are withheld without a bound instead. The total stays, so the
	// same total reads the same in every table that shows it, and none gives another's cells away.
	return { cells: cells.map((c) => (c === null || shown(c) ? c : { withheld: true })), total };
}

/**
 * Whether a reader who knows the total and the shown counts could not pin down any hidden one:
 * at least two are hidden, together they reach k, and each could hold more than one value (a
 * "fewer than k" count holds 1 to k−1, a withheld one any count).
 */
function safe(cells: FigureValue[], counts: readonly number[], total: number, k: number): boolean {
	const hidden = cells.flatMap((c, i) =>
		shown(c) ? [] : [{ small: c !== null && 'fewerThan' in c, n: counts[i] }]
	);
	const rest = hidden.reduce((s, h) => s + h.n, 0);
	if (hidden.length < 2 || rest < k) return false;
	const lo = (h: { small: boolean }) => (h.small ? 1 : 0);
	const hi = (h: { small: boolean }) => (h.small ? k - 1 : total);
	const sumLo = hidden.reduce((s, h) => s + lo(h), 0);
	const sumHi = hidden.reduce((s, h) => s + hi(h), 0);
	return hidden.every((h) => {
		const least = Math.max(lo(h), rest - (sumHi - hi(h)));
		const most = Math.min(hi(h), rest - (sumLo - lo(h)));
		return most > least;
	});
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
