/**
 * `npm run bench:import`: how long a program's roster takes to import. Builds a fresh SQLite file
 * (removed at the end) with a jurisdiction and its case managers, writes a roster CSV of N rows
 * (10,000 by default) as a program's spreadsheet would hold them, imports it the way
 * `npm run roster:import` does, then imports the same file again (which must change nothing).
 * The last line holds every figure; the target is under 10 s for 10,000 rows.
 *   npm run bench:import -- --rows 20000
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/lib/server/db';
import { user } from '../src/lib/server/db/schema';
import { importRosterAsOperator } from '../src/lib/server/imports/roster';
import { createJurisdiction } from '../src/lib/server/program/create';
import { ensureAgency } from '../src/lib/server/setup';
import { csvLine } from '../src/lib/shared/csv';
import { ROSTER_COLUMNS } from '../src/lib/shared/imports';

const TARGET_SECONDS = 10;
const CASE_MANAGERS = 25;
const STATUSES = ['referred', 'assessment_pending', 'enrolled', 'enrolled', 'enrolled', 'inactive', 'exited'];
const PATHWAYS = ['arrest_diversion', 'social_contact', 'community'];
const RACES = ['black', 'white', 'hispanic_latino', 'american_indian_alaska_native', 'asian', ''];
const GENDERS = ['woman', 'man', 'non-binary', ''];
const FIRST = ['Ana', 'Ben', 'Cruz', 'Dee', 'Eli', 'Fay', 'Gus', 'Hal', 'Ida', 'Jo', 'Kit', 'Lou'];
const LAST = ['Archuleta', 'Baca', 'Chavez', 'Duran', 'Estrada', 'Fresquez', 'Garcia', 'Herrera'];

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000' } } });
const rows = Number(values.rows);

function rosterFile(n: number): Buffer {
	const lines = [ROSTER_COLUMNS.join(',') + '\r\n'];
	for (let i = 0; i < n; i++) {
		const pick = <T>(list: T[], k = i) => list[k % list.length];
		const day = (year: number, k: number) =>
			`${year}-${String((k % 12) + 1).padStart(2, '0')}-${String((k % 28) + 1).padStart(2, '0')}`;
		lines.push(
			csvLine([
				`SF-${String(i + 1).padStart(5, '0')}`,
				`${pick(FIRST, i * 7)} ${pick(LAST, i * 3)} ${i}`,
				i % 4 === 0 ? `${pick(FIRST, i + 1)};Kid ${i}` : '',
				day(1960 + (i % 45), i),
				pick(RACES),
				pick(GENDERS, i * 5),
				pick(STATUSES, i * 11),
				i % 3 === 0 ? '' : `cm${i % CASE_MANAGERS}@santafe.bench`,
				day(2019 + (i % 6), i * 5),
				pick(PATHWAYS, i * 13),
				i % 2 ? 'drug_possession' : '',
				i % 9 === 0 ? day(2027, i) : ''
			])
		);
	}
	return Buffer.from(lines.join(''));
}

function timed<T>(work: () => T): { result: T; seconds: number } {
	const started = performance.now();
	const result = work();
	return { result, seconds: (performance.now() - started) / 1000 };
}

const dir = mkdtempSync(join(tmpdir(), 'lead-import-bench-'));
const opened = openDatabase(join(dir, 'bench.sqlite'));
try {
	const { db } = opened;
	const { jurisdictionId } = createJurisdiction(db, {
		name: 'Santa Fe',
		timezone: 'America/Denver',
		rules: 'santa-fe'
	});
	const agency = ensureAgency(db, jurisdictionId, {
		name: 'Outreach',
		shortName: 'CM',
		kind: 'case_management'
	});
	for (let i = 0; i < CASE_MANAGERS; i++) {
		db.insert(user)
			.values({
				name: `CM ${i}`,
				email: `cm${i}@santafe.bench`,
				role: 'case_manager',
				jurisdictionId,
				agencyId: agency.id
			})
			.run();
	}
	const file = rosterFile(rows);
	console.log(`roster file: ${rows} rows, ${(file.length / 1024 / 1024).toFixed(2)} MB`);
	const first = timed(() => importRosterAsOperator(db, jurisdictionId, { file }));
	const again = timed(() => importRosterAsOperator(db, jurisdictionId, { file }));
	const ok =
		first.result.imported === rows && first.result.problems.length === 0 && again.result.imported === 0;
	console.log(
		`import bench: rows=${rows} imported=${first.result.imported} problems=${first.result.problems.length} seconds=${first.seconds.toFixed(2)} rerun_imported=${again.result.imported} rerun_seconds=${again.seconds.toFixed(2)} target=<${TARGET_SECONDS}s ${ok && first.seconds < TARGET_SECONDS ? 'PASS' : 'FAIL'}`
	);
	if (!ok) process.exitCode = 1;
} finally {
	opened.close();
	rmSync(dir, { recursive: true, force: true });
}
