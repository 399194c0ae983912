/**
 * k-anonymity on an export's quasi-identifiers: the columns someone could match against another
 * list to find a person (age band, race/ethnicity, gender, neighbourhood). Every combination of
 * them that the export shows is shared by at least k people, k being the program's small-number
 * threshold. Rows in a smaller group are generalised one step at a time, only as far as needed:
 * their neighbourhood is suppressed, then their age band widened, then their gender suppressed,
 * then their race/ethnicity, then their age band. Whatever is still in a group under k is then
 * one group with every quasi-identifier suppressed; if that group is itself under k, rows from
 * the largest groups join it (first those a group can spare, then whole groups). Rows are
 * withheld from the export only when the whole export has fewer than k people.
 *
 * Pure: rows in, rows out, no database.
 */
import { widerAgeBand } from './age-bands';

/** What a suppressed quasi-identifier says in the export. */
export const SUPPRESSED = 'suppressed';

export interface QuasiIdentifiers {
	ageBand: string;
	raceEthnicity: string;
	gender: string;
	neighbourhood: string;
}

/** The generalisation steps, in order; each names what it changes and how. */
export const GENERALISATION_STEPS = [
	{ key: 'neighbourhood', apply: (q: QuasiIdentifiers) => ({ ...q, neighbourhood: SUPPRESSED }) },
	{ key: 'ageWidened', apply: (q: QuasiIdentifiers) => ({ ...q, ageBand: widerAgeBand(q.ageBand) }) },
	{ key: 'gender', apply: (q: QuasiIdentifiers) => ({ ...q, gender: SUPPRESSED }) },
	{ key: 'raceEthnicity', apply: (q: QuasiIdentifiers) => ({ ...q, raceEthnicity: SUPPRESSED }) },
	{ key: 'ageBand', apply: (q: QuasiIdentifiers) => ({ ...q, ageBand: SUPPRESSED }) }
] as const;
export type GeneralisationStep = (typeof GENERALISATION_STEPS)[number]['key'];

/** How many rows each step changed, how many joined the all-suppressed group, and how many were withheld. */
export interface Protection {
	k: number;
	changed: Record<GeneralisationStep, number>;
	/** Rows of groups of k or more that joined the all-suppressed group to bring it up to k. */
	joined: number;
	/** Rows left out of the export because it has fewer than k rows in all. */
	withheld: number;
}

export interface Protected<T> {
	/** The rows to export, in their original order, with quasi-identifiers generalised where needed. */
	rows: T[];
	/** The rows left out (only when there are fewer than k rows in all). */
	withheld: T[];
	protection: Protection;
}

const FULLY_SUPPRESSED: QuasiIdentifiers = {
	ageBand: SUPPRESSED,
	raceEthnicity: SUPPRESSED,
	gender: SUPPRESSED,
	neighbourhood: SUPPRESSED
};

/** The combination a row shows, as one string (a separator no value can hold). */
export function groupKey(q: QuasiIdentifiers): string {
	return [q.ageBand, q.raceEthnicity, q.gender, q.neighbourhood].join('\u0000');
}

/** Makes every combination of quasi-identifiers in `rows` shared by at least `k` rows. */
export function protectRows<T extends QuasiIdentifiers>(rows: readonly T[], k: number): Protected<T> {
	if (!Number.isInteger(k) || k < 1) throw new Error('k must be a whole number of at least 1.');
	const changed = Object.fromEntries(GENERALISATION_STEPS.map((s) => [s.key, 0])) as Protection['changed'];
	if (rows.length < k) {
		return { rows: [], withheld: [...rows], protection: { k, changed, joined: 0, withheld: rows.length } };
	}
	const out: T[] = [...rows];
	for (const step of GENERALISATION_STEPS) {
		for (const i of rowsInSmallGroups(out, k)) {
			const next = { ...out[i], ...step.apply(out[i]) };
			if (groupKey(next) !== groupKey(out[i])) changed[step.key]++;
			out[i] = next;
		}
	}
	const joined = topUpSuppressedGroup(out, k);
	return { rows: out, withheld: [], protection: { k, changed, joined, withheld: 0 } };
}

/** Indexes of the rows whose combination fewer than k rows share. */
function rowsInSmallGroups(rows: readonly QuasiIdentifiers[], k: number): number[] {
	const sizes = groupSizes(rows);
	const small: number[] = [];
	rows.forEach((row, i) => {
		if ((sizes.get(groupKey(row)) ?? 0) < k) small.push(i);
	});
	return small;
}

export function groupSizes(rows: readonly QuasiIdentifiers[]): Map<string, number> {
	const sizes = new Map<string, number>();
	for (const row of rows) {
		const key = groupKey(row);
		sizes.set(key, (sizes.get(key) ?? 0) + 1);
	}
	return sizes;
}

/**
 * After every step only the all-suppressed group can be under k. Brings it up to k with rows the
 * largest groups can spare (keeping them at k or more), then with whole groups, smallest first;
 * answers how many rows joined it. There are at least k rows in all, so this always succeeds.
 */
function topUpSuppressedGroup<T extends QuasiIdentifiers>(rows: T[], k: number): number {
	const suppressedKey = groupKey(FULLY_SUPPRESSED);
	const members = new Map<string, number[]>();
	rows.forEach((row, i) => {
		const key = groupKey(row);
		const group = members.get(key);
		if (group) group.push(i);
		else members.set(key, [i]);
	});
	let short = k - (members.get(suppressedKey)?.length ?? 0);
	if (short <= 0 || short === k) return 0;
	const others = [...members.entries()]
		.filter(([key]) => key !== suppressedKey)
		.map(([key, indexes]) => ({ key, indexes }));
	const taken: number[] = [];
	// Rows a group can spare, from the groups with the most to spare.
	for (const group of [...others].sort((a, b) => b.indexes.length - a.indexes.length || cmp(a.key, b.key))) {
		const spare = Math.min(group.indexes.length - k, short);
		if (spare <= 0) continue;
		taken.push(...group.indexes.splice(group.indexes.length - spare, spare));
		short -= spare;
		if (short === 0) break;
	}
	// Still short: whole groups join, the smallest first.
	for (const group of [...others].sort((a, b) => a.indexes.length - b.indexes.length || cmp(a.key, b.key))) {
		if (short <= 0) break;
		short -= group.indexes.length;
		taken.push(...group.indexes.splice(0));
	}
	for (const i of taken) rows[i] = { ...rows[i], ...FULLY_SUPPRESSED };
	return taken.length;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
