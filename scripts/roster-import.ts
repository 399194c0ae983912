/**
 * A program's roster from its spreadsheet, on the database DATABASE_PATH names:
 *   npm run roster:import -- --jurisdiction "Santa Fe" --file roster.csv [--dry-run]
 * The same checks and import as the roster upload page; audited with no actor (the operator who
 * runs it has the database itself). Prints a line per row with a problem, then the counts.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';
import { jurisdictions } from '../src/lib/server/db/schema';
import { isDomainError } from '../src/lib/server/errors';
import { importRosterAsOperator } from '../src/lib/server/imports/roster';
import { slugify } from '../src/lib/server/setup';
import { ROSTER_COLUMNS, type RosterImportReport } from '../src/lib/shared/imports';

const HELP = `Imports a program's roster from a CSV file, on the database DATABASE_PATH names.

Usage:
  npm run roster:import -- --jurisdiction NAME --file FILE [--dry-run]

  --jurisdiction  The program's name, as jurisdiction:create was given it ("Santa Fe").
  --file          The CSV file (UTF-8). Its header row:
                  ${ROSTER_COLUMNS.join(',')}
  --dry-run       Check every row and say what would be imported; change nothing.

A row with a problem imports nothing and is listed with its line. The good rows import together;
a program code already on the board is left as it is, so running the same file again changes nothing.`;

function fail(message: string, code: number): never {
	console.error(message);
	process.exit(code);
}

function options() {
	try {
		return parseArgs({
			options: {
				jurisdiction: { type: 'string' },
				file: { type: 'string' },
				'dry-run': { type: 'boolean' },
				help: { type: 'boolean', short: 'h' }
			}
		}).values;
	} catch (error) {
		fail(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`, 2);
	}
}

function readFile(path: string): Buffer {
	try {
		return readFileSync(path);
	} catch {
		fail(`Cannot read ${path}.`, 2);
	}
}

function summary(report: RosterImportReport): string {
	const verb = report.dryRun ? 'would import' : 'imported';
	return [
		`${report.rows} rows read`,
		`${report.imported} ${verb}`,
		`${report.unchanged.length} already on the board (left as they are)`,
		`${report.problems.length} with problems (not imported)`
	].join(', ');
}

function main() {
	const values = options();
	if (values.help) return console.log(HELP);
	if (!values.jurisdiction || !values.file) fail(`Give --jurisdiction and --file.\n\n${HELP}`, 2);
	let config;
	try {
		config = loadConfig({ ...process.env, AUTH_SECRET: process.env.AUTH_SECRET ?? 'x'.repeat(32) });
	} catch (error) {
		if (error instanceof ConfigError) fail(error.message, 2);
		throw error;
	}
	const file = readFile(values.file);
	const { db, close } = openDatabase(config.databasePath);
	try {
		const slug = slugify(values.jurisdiction);
		const jurisdiction = db.select().from(jurisdictions).where(eq(jurisdictions.slug, slug)).get();
		if (!jurisdiction) fail(`No jurisdiction named ${values.jurisdiction} here.`, 1);
		const started = performance.now();
		const report = importRosterAsOperator(db, jurisdiction.id, { file, dryRun: values['dry-run'] ?? false });
		for (const p of report.problems) console.log(`line ${p.line}${p.key ? ` (${p.key})` : ''}: ${p.message}`);
		const seconds = ((performance.now() - started) / 1000).toFixed(2);
		console.log(
			`${jurisdiction.name}: ${summary(report)}${report.dryRun ? ' (dry run: nothing changed)' : ''} in ${seconds} s.`
		);
		if (report.problems.length) process.exitCode = 1;
	} catch (error) {
		if (!isDomainError(error)) throw error;
		fail(error.message, 2);
	} finally {
		close();
	}
}

main();
