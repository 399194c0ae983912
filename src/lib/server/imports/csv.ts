/**
 * Reading a CSV file someone uploads (a roster from the program's spreadsheet, a list of people):
 * UTF-8 only (a byte-order mark is fine), the header row checked against the columns the import
 * expects, and each row kept with the line it starts on, so every problem can name its line.
 * Cells are text and stay text: nothing here evaluates a formula-like cell (`=HYPERLINK(...)`),
 * and the board's CSV writer (`shared/csv.ts`) never hands one back as a formula.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { DomainError } from '../errors';
import { ERROR_CODES } from '../../shared/errors';

/** A file larger than this is refused before it is read (about 50,000 roster rows). */
export const MAX_CSV_BYTES = 8 * 1024 * 1024;

/** An uploaded file's bytes, and whether to only say what would happen. */
export const fileImportInput = z.strictObject({
	file: z
		.instanceof(Uint8Array, { error: 'Choose a CSV file.' })
		.refine((f) => f.length > 0, 'The file is empty.')
		.refine((f) => f.length <= MAX_CSV_BYTES, 'The file is larger than 8 MB; split it.'),
	dryRun: z.boolean().default(false)
});

/** One data row: its cells by column name, and the line of the file it starts on. */
export interface CsvRow<C extends string> {
	line: number;
	cells: Record<C, string>;
}

/** A row whose cells do not line up with the header: reported, never guessed at. */
export interface CsvShapeProblem {
	line: number;
	message: string;
}

export interface CsvTable<C extends string> {
	rows: CsvRow<C>[];
	problems: CsvShapeProblem[];
}

/** A problem with the file as a whole: nothing in it can be read. */
export function fileProblem(message: string): DomainError {
	return new DomainError(ERROR_CODES.INVALID_INPUT, message, { file: message });
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The file's text; a file that is not UTF-8 is refused with what to do about it. */
export function decodeUtf8(bytes: Uint8Array): string {
	if (bytes.length > MAX_CSV_BYTES) {
		throw fileProblem(
			`The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB; split it into smaller files.`
		);
	}
	if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
		throw fileProblem(
			'This is a spreadsheet workbook, not a CSV file: save it as "CSV UTF-8" and upload that.'
		);
	}
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
		throw fileProblem('The file is saved as UTF-16: save it as "CSV UTF-8" and upload it again.');
	}
	const start = UTF8_BOM.every((b, i) => bytes[i] === b) ? 3 : 0;
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
		if (text.includes('\u0000')) throw new TypeError('NUL in text');
		return text;
	} catch {
		throw fileProblem(
			'The file is not UTF-8 text (it may be saved as Windows-1252 or Latin-1): save it as "CSV UTF-8" and upload it again.'
		);
	}
}

/**
 * Reads a CSV file whose header row must name exactly `columns` (in any order; case and
 * surrounding spaces forgiven). Rows whose every cell is empty are skipped. A row with more or
 * fewer cells than the header is a problem of that row; a missing or unknown column, or a quote
 * left open, is a problem of the file and throws.
 */
export function readCsv<C extends string>(bytes: Uint8Array, columns: readonly C[]): CsvTable<C> {
	const records = parseRecords(decodeUtf8(bytes));
	const header = records.shift();
	if (!header || header.cells.every((c) => !c.trim())) throw fileProblem('The file is empty.');
	const order = headerOrder(header.cells, columns);
	const rows: CsvRow<C>[] = [];
	const problems: CsvShapeProblem[] = [];
	for (const { line, cells } of records) {
		if (cells.every((c) => !c.trim())) continue;
		if (cells.length !== columns.length) {
			problems.push({
				line,
				message: `This row has ${cells.length} cells; the header has ${columns.length} columns.`
			});
			continue;
		}
		const named = {} as Record<C, string>;
		order.forEach((column, i) => (named[column] = cells[i].trim()));
		rows.push({ line, cells: named });
	}
	return { rows, problems };
}

/** Each header cell's column, checked: every expected column once, nothing else. */
function headerOrder<C extends string>(header: string[], columns: readonly C[]): C[] {
	const names = header.map((h) => h.trim().toLowerCase());
	const missing = columns.filter((c) => !names.includes(c));
	const unknown = names.filter((n) => !(columns as readonly string[]).includes(n));
	const repeated = names.filter((n, i) => names.indexOf(n) !== i);
	const faults = [
		missing.length ? `missing ${missing.join(', ')}` : '',
		unknown.length ? `not expected ${unknown.map((u) => u || '(an empty name)').join(', ')}` : '',
		repeated.length ? `given twice ${[...new Set(repeated)].join(', ')}` : ''
	].filter(Boolean);
	if (faults.length) {
		throw fileProblem(
			`The header row (line 1) does not match the template: ${faults.join('; ')}. It must be: ${columns.join(',')}`
		);
	}
	return names as C[];
}

interface RawRecord {
	line: number;
	cells: string[];
}

function parseRecords(text: string): RawRecord[] {
	// One line ending throughout, so the parser's line count is the line a spreadsheet shows.
	const normalised = text.replace(/\r\n?/g, '\n');
	try {
		const parsed = parse(normalised, {
			info: true,
			relax_column_count: true,
			relax_quotes: true,
			skip_empty_lines: true
		}) as unknown as { record: string[]; info: { lines: number } }[];
		return parsed.map(({ record, info }) => ({
			// The parser counts the line a record ends on; a quoted cell may span several.
			line: info.lines - record.reduce((n, cell) => n + (cell.split('\n').length - 1), 0),
			cells: record
		}));
	} catch (error) {
		const line = (error as { lines?: number }).lines;
		throw fileProblem(
			`The file could not be read as CSV${line ? ` (line ${line})` : ''}: a quoted cell is not closed, or the quotes do not pair up.`
		);
	}
}
