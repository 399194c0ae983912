/**
 * The demo jurisdiction: "King County (demo)", its agencies and one account per role, seeded
 * into an empty database on the first demo start. Everything here is fictional.
 */
import { eq } from 'drizzle-orm';
import type { AgencyKind, Role } from '../../shared/roles';
import type { Auth } from '../auth';
import type { Db } from '../db';
import { jurisdictions } from '../db/schema';
import { DEFAULT_PROGRAM_SETTINGS } from '../../shared/program-settings';
import { ensureAgency, ensureJurisdiction } from '../setup';
import { seedTotpSecret } from '../security/two-factor';
import { createUserAsOperator } from '../users';
import { seedDemoMeetings } from './meetings';
import { seedDemoRoster } from './roster';

export const DEMO_JURISDICTION = {
	name: 'King County (demo)',
	slug: 'king-county-demo',
	timezone: 'America/Los_Angeles',
	assessmentWindowDays: 30,
	isDemo: true,
	/** Rounded, illustrative population shares, so the program figures have something to be read beside. */
	settings: {
		...DEFAULT_PROGRAM_SETTINGS,
		populationShares: {
			raceEthnicity: {
				white: 56,
				asian: 20,
				hispanic_latino: 11,
				black: 7,
				multiracial: 4,
				american_indian_alaska_native: 1,
				native_hawaiian_pacific_islander: 1
			},
			gender: { woman: 50, man: 49, 'non-binary': 1 }
		}
	}
};

/** Every demo account signs in with this password. It is printed in the README and on sign-in. */
export const DEMO_PASSWORD = 'lead-demo-board';

/**
 * The one demo account that signs in with an authenticator app, and its fixed base32 secret
 * (printed in the README and on the sign-in page so a person can add it to an app). Every other
 * demo account signs in with the password alone.
 */
export const DEMO_TOTP_ACCOUNT = 'supervisor@demo.test';
export const DEMO_TOTP_SECRET = 'LEADDEMOSUPERVISORTOTPSECRET2345';

const DEMO_AGENCIES: { key: AgencyKind; name: string; shortName: string }[] = [
	{ key: 'police', name: 'Harbor City Police Department', shortName: 'HCPD' },
	{ key: 'prosecution', name: 'County Prosecuting Attorney', shortName: 'Prosecutor' },
	{ key: 'defense', name: 'Department of Public Defense', shortName: 'DPD' },
	{ key: 'case_management', name: 'Harbor Outreach Services', shortName: 'Outreach' },
	{ key: 'program', name: 'LEAD Program Office', shortName: 'Program' },
	{ key: 'policy_group', name: 'Policy Coordinating Group', shortName: 'PCG' },
	{ key: 'evaluation', name: 'University Evaluation Team', shortName: 'Evaluation' }
];

export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; agency: AgencyKind }[] = [
	{ email: 'officer@demo.test', name: 'Sam Reyes', role: 'police_officer', agency: 'police' },
	{ email: 'sergeant@demo.test', name: 'Maria Keller', role: 'police_sergeant', agency: 'police' },
	{ email: 'prosecutor@demo.test', name: 'Priya Natarajan', role: 'prosecutor', agency: 'prosecution' },
	{ email: 'defender@demo.test', name: 'Marcus Bell', role: 'defender', agency: 'defense' },
	{ email: 'casemanager@demo.test', name: 'Jordan Ortiz', role: 'case_manager', agency: 'case_management' },
	{
		email: 'supervisor@demo.test',
		name: 'Renée Dubois',
		role: 'case_manager_supervisor',
		agency: 'case_management'
	},
	{ email: 'facilitator@demo.test', name: 'Tomás Alvarez', role: 'facilitator', agency: 'program' },
	{ email: 'pcg@demo.test', name: 'Grace Liu', role: 'pcg_member', agency: 'policy_group' },
	{ email: 'evaluator@demo.test', name: 'Kwame Osei', role: 'evaluator', agency: 'evaluation' },
	{ email: 'admin@demo.test', name: 'Avery Stone', role: 'admin', agency: 'program' }
];

/** Seeds the demo jurisdiction once; a second call finds it and changes nothing. */
export async function seedDemo(deps: { db: Db; auth: Auth }, now = new Date()) {
	const existing = deps.db
		.select()
		.from(jurisdictions)
		.where(eq(jurisdictions.slug, DEMO_JURISDICTION.slug))
		.get();
	if (existing) return { jurisdictionId: existing.id, created: false };
	const jurisdiction = ensureJurisdiction(deps.db, DEMO_JURISDICTION);
	const agencyIds = new Map<AgencyKind, string>();
	for (const a of DEMO_AGENCIES) {
		agencyIds.set(a.key, ensureAgency(deps.db, jurisdiction.id, { ...a, kind: a.key }).id);
	}
	const userIds = new Map<Role, string>();
	for (const account of DEMO_ACCOUNTS) {
		const created = await createUserAsOperator(deps, jurisdiction.id, {
			name: account.name,
			email: account.email,
			password: DEMO_PASSWORD,
			role: account.role,
			agencyId: agencyIds.get(account.agency)
		});
		userIds.set(account.role, created.id);
	}
	const totpRole = DEMO_ACCOUNTS.find((a) => a.email === DEMO_TOTP_ACCOUNT)!.role;
	await seedTotpSecret(deps, userIds.get(totpRole)!, DEMO_TOTP_SECRET);
	const id = (role: Role) => userIds.get(role)!;
	seedDemoRoster(deps.db, {
		jurisdictionId: jurisdiction.id,
		now,
		users: {
			officer: id('police_officer'),
			sergeant: id('police_sergeant'),
			prosecutor: id('prosecutor'),
			defender: id('defender'),
			caseManager: id('case_manager'),
			supervisor: id('case_manager_supervisor'),
			facilitator: id('facilitator')
		}
	});
	// After the roster: the last meeting's decisions land on participants' timelines.
	seedDemoMeetings(deps.db, jurisdiction.id, now);
	return { jurisdictionId: jurisdiction.id, created: true, userIds };
}
