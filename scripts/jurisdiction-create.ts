/**
 * Standing up a new LEAD program on the database DATABASE_PATH names:
 *   npm run jurisdiction:create -- --name "Santa Fe" --timezone America/Denver --rules santa-fe --assessment-days 14
 * Then create its first administrator with `npm run user:create -- --jurisdiction "Santa Fe" ...`.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';
import { isDomainError } from '../src/lib/server/errors';
import { createJurisdiction } from '../src/lib/server/program/create';
import { RULE_TEMPLATE_NAMES } from '../src/lib/server/participants/rule-sets';

const HELP = `Creates a jurisdiction (one LEAD program) on the database DATABASE_PATH names.

Usage:
  npm run jurisdiction:create -- --name NAME --timezone ZONE --rules RULES [--assessment-days DAYS]

  --name             The program's name, as people will see it ("Santa Fe").
  --timezone         Its IANA time zone (America/Denver); days and deadlines are counted in it.
  --rules            The eligibility rules to start from: ${RULE_TEMPLATE_NAMES.join(', ')}.
                     The program's administrator edits and publishes its own from there.
  --assessment-days  Days an arrest diversion has to complete its assessment (0: no deadline).
                     Defaults to 30.

Then create the program's first administrator:
  npm run user:create -- --jurisdiction NAME --email ... --name ... --role admin \\
    --agency "LEAD Program Office" --agency-kind program`;

function fail(message: string, code: number): never {
	console.error(message);
	process.exit(code);
}

function main() {
	let values;
	try {
		({ values } = parseArgs({
			options: {
				name: { type: 'string' },
				timezone: { type: 'string' },
				rules: { type: 'string' },
				'assessment-days': { type: 'string' },
				help: { type: 'boolean', short: 'h' }
			}
		}));
	} catch (error) {
		fail(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`, 2);
	}
	if (values.help) {
		console.log(HELP);
		return;
	}
	const days = values['assessment-days'];
	const input = {
		name: values.name,
		timezone: values.timezone,
		rules: values.rules,
		assessmentDays: days === undefined ? undefined : Number(days)
	};
	let config;
	try {
		config = loadConfig({ ...process.env, AUTH_SECRET: process.env.AUTH_SECRET ?? 'x'.repeat(32) });
	} catch (error) {
		if (error instanceof ConfigError) fail(error.message, 2);
		throw error;
	}
	const { db, close } = openDatabase(config.databasePath);
	try {
		const created = createJurisdiction(db, input);
		const window = created.assessmentWindowDays
			? `${created.assessmentWindowDays}-day assessment window`
			: 'no assessment deadline';
		console.log(
			`Created ${created.name} (${created.timezone}, ${window}), eligibility rules: ${created.rules.name}, version ${created.rules.version}.`
		);
	} catch (error) {
		if (!isDomainError(error)) throw error;
		const fields = Object.entries(error.fields ?? {}).map(
			([field, message]) => `  --${flag(field)}: ${message}`
		);
		fail([error.message, ...fields].join('\n'), error.code === 'conflict' ? 1 : 2);
	} finally {
		close();
	}
}

/** A field of the input as the flag that sets it. */
function flag(field: string): string {
	return field === 'assessmentDays' ? 'assessment-days' : field;
}

main();
