/**
 * Reading an uploaded CSV file: UTF-8 only (a byte-order mark is fine), the header checked
 * against the template, every row with the line it starts on, and formula-like cells kept as the
 * text they are (and written back out as text, never as formulas).
 */
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/lib/server/imports/csv';
import { csvLine } from '../../src/lib/shared/csv';
import { ROSTER_COLUMNS } from '../../src/lib/shared/imports';
import { rawCsv, rosterFile, rosterRow } from '../helpers/imports';

const COLUMNS = ['code', 'name'] as const;
const refusal = (bytes: Uint8Array, columns: readonly string[] = COLUMNS) => {
	try {
		readCsv(bytes, columns);
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('the file was read');
};

describe('encodings', () => {
	it('reads UTF-8 with or without a byte-order mark, accents and all', () => {
		const text = 'code,name\r\nSF-1,José Nuñez\r\n';
		const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
		for (const bytes of [Buffer.from(text), bom]) {
			expect(readCsv(bytes, COLUMNS).rows).toEqual([
				{ line: 2, cells: { code: 'SF-1', name: 'José Nuñez' } }
			]);
		}
	});

	it('refuses a Windows-1252 file instead of guessing its accents', () => {
		const latin1 = Buffer.from('code,name\r\nSF-1,Jos\xe9 Nu\xf1ez\r\n', 'latin1');
		expect(refusal(latin1)).toMatch(/not UTF-8 .*save it as "CSV UTF-8"/);
	});

	it('refuses UTF-16 text and a spreadsheet workbook, saying what to save instead', () => {
		const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('code,name\r\n', 'utf16le')]);
		expect(refusal(utf16)).toMatch(/UTF-16.*CSV UTF-8/);
		const workbook = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
		expect(refusal(workbook)).toMatch(/workbook, not a CSV file/);
	});

	it('refuses an empty file', () => {
		expect(refusal(Buffer.from(''))).toBe('The file is empty.');
	});
});

describe('the header row', () => {
	it('names every missing column and every column it does not expect', () => {
		const bytes = rawCsv(['code,legal_name,dob,status', 'SF-1,Ana,1980-01-01,enrolled']);
		const message = refusal(bytes, ROSTER_COLUMNS);
		expect(message).toMatch(/header row \(line 1\) does not match/);
		expect(message).toMatch(/missing aliases, date_of_birth, race_ethnicity, gender, case_manager_email/);
		expect(message).toMatch(/not expected dob/);
		expect(message).toContain(ROSTER_COLUMNS.join(','));
	});

	it('takes the columns in any order, forgiving case and spaces around their names', () => {
		const bytes = rawCsv([' Name ,CODE', 'Ana Baca,SF-7']);
		expect(readCsv(bytes, COLUMNS).rows[0].cells).toEqual({ code: 'SF-7', name: 'Ana Baca' });
	});

	it('refuses a column given twice', () => {
		expect(refusal(rawCsv(['code,name,code', '1,2,3']))).toMatch(/given twice code/);
	});
});

describe('rows', () => {
	it('numbers rows by the line they start on, across a quoted cell of several lines and blank rows', () => {
		const bytes = rawCsv(['code,name', 'SF-1,"Ana', 'Baca"', '', ',', 'SF-2,Ben']);
		expect(readCsv(bytes, COLUMNS).rows).toEqual([
			{ line: 2, cells: { code: 'SF-1', name: 'Ana\nBaca' } },
			{ line: 6, cells: { code: 'SF-2', name: 'Ben' } }
		]);
	});

	it('reports a row with too few or too many cells by its line, and reads the rest', () => {
		const table = readCsv(rawCsv(['code,name', 'SF-1', 'SF-2,Ben', 'SF-3,Cy,extra']), COLUMNS);
		expect(table.rows.map((r) => r.line)).toEqual([3]);
		expect(table.problems).toEqual([
			{ line: 2, message: 'This row has 1 cells; the header has 2 columns.' },
			{ line: 4, message: 'This row has 3 cells; the header has 2 columns.' }
		]);
	});

	it('refuses a file whose quotes do not pair up, naming where it stopped', () => {
		expect(refusal(rawCsv(['code,name', 'SF-1,"Ana', 'SF-2,Ben']))).toMatch(
			/could not be read as CSV \(line \d+\)/
		);
	});
});

describe('formula-like cells', () => {
	const formula = '=HYPERLINK("http://example.test/x","click me")';

	it('are read as the text they are, whatever they start with', () => {
		const bytes = rawCsv([
			'code,name',
			`SF-1,"${formula.replaceAll('"', '""')}"`,
			'SF-2,+1 555 0100',
			'SF-3,@SUM(A1:A9)',
			'SF-4,-2+3'
		]);
		expect(readCsv(bytes, COLUMNS).rows.map((r) => r.cells.name)).toEqual([
			formula,
			'+1 555 0100',
			'@SUM(A1:A9)',
			'-2+3'
		]);
	});

	it('go back out as text: the board writes them with an apostrophe a spreadsheet will not run', () => {
		expect(csvLine(['SF-1', formula])).toBe(`SF-1,"'=HYPERLINK(""http://example.test/x"",""click me"")"\r\n`);
		const roundTrip = readCsv(rosterFile([rosterRow({ legal_name: formula })]), ROSTER_COLUMNS);
		expect(roundTrip.rows[0].cells.legal_name).toBe(`'${formula}`);
	});
});
