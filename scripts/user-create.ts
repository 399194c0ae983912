/**
 * A program's first administrator (and any account) from a terminal, in a jurisdiction made with
 * `npm run jurisdiction:create`:
 *   npm run user:create -- --email a@county.gov --name "Avery Stone" --role admin \
 *     --jurisdiction "King County" --agency "LEAD Program Office" --agency-kind program
 * The password is read from LEAD_NEW_PASSWORD, or asked for on the terminal, never taken as an argument.
 */
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createAuth } from '../src/lib/server/auth';
import { loadConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';
import { isDomainError } from '../src/lib/server/errors';
import { eq } from 'drizzle-orm';
import { jurisdictions } from '../src/lib/server/db/schema';
import { ensureAgency, slugify } from '../src/lib/server/setup';
import { createUserAsOperator } from '../src/lib/server/users';
import { AGENCY_KINDS, ROLES } from '../src/lib/shared/roles';

const ArgsSchema = z.object({
	email: z.email(),
	name: z.string().min(2),
	role: z.enum(ROLES),
	jurisdiction: z.string().min(2),
	agency: z.string().min(2),
	'agency-kind': z.enum(AGENCY_KINDS),
	'agency-short': z.string().optional()
});

const HELP = `Creates an account in a jurisdiction made with npm run jurisdiction:create, on the
database DATABASE_PATH names.

Usage:
  npm run user:create -- --email EMAIL --name NAME --role ROLE --jurisdiction NAME \\
    --agency AGENCY --agency-kind KIND [--agency-short LABEL]

  --email         The person's e-mail address; they sign in with it.
  --name          Their name, as others see it.
  --role          ${ROLES.join(', ')}.
  --jurisdiction  The program's name, as jurisdiction:create was given it.
  --agency        Their agency; created in that jurisdiction if it does not exist yet.
  --agency-kind   ${AGENCY_KINDS.join(', ')}.
  --agency-short  The agency's short label on cards (defaults to its name).

The password comes from LEAD_NEW_PASSWORD, or is asked for on the terminal; never an argument.
Later accounts are created by the program's administrator on the People and roles page.`;

async function readPassword(): Promise<string> {
	if (process.env.LEAD_NEW_PASSWORD) return process.env.LEAD_NEW_PASSWORD;
	const rl = createInterface({ input: process.stdin, output: process.stdout });
	const answer = await rl.question('Password for the new account (12+ characters): ');
	rl.close();
	return answer;
}

async function main() {
	let values: Record<string, string | boolean | undefined>;
	try {
		({ values } = parseArgs({
			options: {
				...Object.fromEntries(Object.keys(ArgsSchema.shape).map((k) => [k, { type: 'string' as const }])),
				help: { type: 'boolean', short: 'h' }
			}
		}));
	} catch (error) {
		console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
		process.exit(2);
	}
	if (values.help) {
		console.log(HELP);
		return;
	}
	const parsed = ArgsSchema.safeParse(values);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
		console.error(`\n${HELP}`);
		process.exit(2);
	}
	const args = parsed.data;
	// The account's password is hashed here; no session is signed, so any secret serves.
	const secret = process.env.AUTH_SECRET ?? randomBytes(32).toString('base64url');
	const config = loadConfig({ ...process.env, AUTH_SECRET: secret });
	const { db, close } = openDatabase(config.databasePath);
	try {
		const auth = createAuth({
			db,
			secret,
			trustedOrigins: config.allowedOrigins,
			sessionMaxAgeSeconds: config.sessionMaxAgeSeconds,
			signInPerMinute: config.signInRateLimitPerMinute,
			onSessionEnded: () => undefined,
			isDisabled: () => false
		});
		const jurisdiction = db
			.select()
			.from(jurisdictions)
			.where(eq(jurisdictions.slug, slugify(args.jurisdiction)))
			.get();
		if (!jurisdiction) {
			console.error(
				`No jurisdiction named ${args.jurisdiction} here: create it first with\n  npm run jurisdiction:create -- --name "${args.jurisdiction}" --timezone ZONE --rules RULES`
			);
			process.exit(1);
		}
		const agency = ensureAgency(db, jurisdiction.id, {
			name: args.agency,
			shortName: args['agency-short'] ?? args.agency,
			kind: args['agency-kind']
		});
		const user = await createUserAsOperator({ db, auth }, jurisdiction.id, {
			email: args.email,
			name: args.name,
			role: args.role,
			agencyId: agency.id,
			password: await readPassword()
		});
		console.log(`Created ${user.role} account ${user.email} in ${jurisdiction.name} (${agency.name}).`);
	} catch (error) {
		if (isDomainError(error)) {
			console.error(error.message);
			for (const [field, message] of Object.entries(error.fields ?? {}))
				console.error(`  ${field}: ${message}`);
			process.exit(1);
		}
		throw error;
	} finally {
		close();
	}
}

await main();
