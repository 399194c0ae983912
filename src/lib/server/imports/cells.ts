/**
 * Reading one cell of an uploaded file: a date, a value from a list (by its value or the words
 * people see), a name. Each answers the value, or throws a `CellProblem` whose message says what
 * the cell should hold; the import turns it into "line N: ...".
 */

/** What is wrong with one cell, in words the person who keeps the spreadsheet can act on. */
export class CellProblem extends Error {}

export interface Choice<V extends string> {
	value: V;
	label: string;
}

/** A value from a list, matched on its value or its label, ignoring case and spaces. */
export function choice<V extends string>(cell: string, choices: readonly Choice<V>[], what: string): V {
	const key = fold(cell);
	const found = choices.find((c) => fold(c.value) === key || fold(c.label) === key);
	if (!found) {
		throw new CellProblem(
			`${what} "${cell}" is not one this program records: use one of ${choices.map((c) => c.value).join(', ')}.`
		);
	}
	return found.value;
}

/** The same, or null for an empty cell. */
export function optionalChoice<V extends string>(
	cell: string,
	choices: readonly Choice<V>[],
	what: string
): V | null {
	return cell ? choice(cell, choices, what) : null;
}

/** A list of words as choices whose label is the value itself. */
export function choicesOf<V extends string>(labels: Record<V, string>): Choice<V>[] {
	return (Object.entries(labels) as [V, string][]).map(([value, label]) => ({ value, label }));
}

const fold = (s: string) =>
	s
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');

/** A calendar date written YYYY-MM-DD that exists (no 2025-02-30). */
export function day(cell: string, what: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cell);
	const date = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
	if (!m || !date || date.getUTCMonth() !== +m[2] - 1 || date.getUTCDate() !== +m[3]) {
		throw new CellProblem(`${what} "${cell}" is not a calendar date written YYYY-MM-DD.`);
	}
	return cell;
}

export function optionalDay(cell: string, what: string): string | null {
	return cell ? day(cell, what) : null;
}

/** Text that must be there, at most `max` characters. */
export function text(cell: string, what: string, max: number): string {
	if (!cell) throw new CellProblem(`${what} is empty.`);
	if (cell.length > max) throw new CellProblem(`${what} is longer than ${max} characters.`);
	return cell;
}

/** A name folded for comparing two spellings of it: case, accents and punctuation left out. */
export function nameKey(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}
