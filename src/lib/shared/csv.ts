/**
 * Writing CSV the board hands out (the audit export, import templates and reports), RFC 4180
 * quoting. A cell a spreadsheet would run as a formula (starting with = + - @, or a tab or
 * carriage return) is written with a leading apostrophe, so a value such as
 * `=HYPERLINK(...)` that came in as text goes out as text. Shared so a report built in the
 * browser is written the same way.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
	if (value === null || value === undefined) return '';
	let text = String(value);
	if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, ending in CRLF as RFC 4180 asks. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
	return values.map(csvCell).join(',') + '\r\n';
}
