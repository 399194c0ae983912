/**
 * `build*` factories for unit tests on an in-memory database with the real migrations: a
 * jurisdiction with one agency of each kind, users of every role, and participants.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { withDefaults, type ProgramSettings } from '../../src/lib/shared/program-settings';
import { openDatabase, type Db, type OpenDatabase } from '../../src/lib/server/db';
import { agencies, jurisdictions, user, type Jurisdiction, type User } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/server/policy';
import { installRuleSet } from '../../src/lib/server/participants/eligibility';
import { KING_COUNTY_RULES, type RuleSet } from '../../src/lib/server/participants/rule-sets';
import {
	AGENCY_KINDS,
	ROLES,
	USUAL_AGENCY_KIND,
	type AgencyKind,
	type Role
} from '../../src/lib/shared/roles';
import { assignCaseManager, assignDefender, createReferral } from './commands';
import { tableRows } from './table-rows';

/** The agency kind each role's test user works for: the board's own usual pairing. */
export const ROLE_AGENCY = USUAL_AGENCY_KIND;

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export function buildDatabase(): OpenDatabase {
	return openDatabase(':memory:');
}

export function buildJurisdiction(
	db: Db,
	overrides: Partial<typeof jurisdictions.$inferInsert> = {},
	rules: RuleSet | null = KING_COUNTY_RULES
): { jurisdiction: Jurisdiction; agencyIds: Record<AgencyKind, string> } {
	const n = unique();
	const jurisdiction = db
		.insert(jurisdictions)
		.values({
			name: 'King County',
			slug: `kc-${n}`,
			timezone: 'America/Los_Angeles',
			assessmentWindowDays: 30,
			...overrides
		})
		.returning()
		.get();
	const agencyIds = {} as Record<AgencyKind, string>;
	for (const kind of AGENCY_KINDS) {
		agencyIds[kind] = db
			.insert(agencies)
			.values({ jurisdictionId: jurisdiction.id, name: `${kind} agency ${n}`, shortName: kind, kind })
			.returning()
			.get().id;
	}
	if (rules) installRuleSet(db, jurisdiction.id, rules);
	return { jurisdiction, agencyIds };
}

export function buildUser(
	db: Db,
	world: { jurisdiction: Jurisdiction; agencyIds: Record<AgencyKind, string> },
	role: Role,
	name = `Test ${role.replaceAll('_', ' ')} ${unique()}`
): User {
	return db
		.insert(user)
		.values({
			name,
			email: `${role}-${unique()}@factory.test`,
			role,
			jurisdictionId: world.jurisdiction.id,
			agencyId: world.agencyIds[ROLE_AGENCY[role]]
		})
		.returning()
		.get();
}

export function actorFor(u: User): Actor {
	return {
		userId: u.id,
		name: u.name,
		role: u.role,
		agencyId: u.agencyId,
		agencyKind: ROLE_AGENCY[u.role],
		jurisdictionId: u.jurisdictionId
	};
}

export interface World {
	db: Db;
	/** The underlying better-sqlite3 handle (statement counting, snapshots). */
	sqlite: OpenDatabase['sqlite'];
	close(): void;
	jurisdiction: Jurisdiction;
	agencyIds: Record<AgencyKind, string>;
	users: Record<Role, User>;
	actors: Record<Role, Actor>;
	/** A second case manager and a second defender, for "their own participants" rules. */
	otherCaseManager: Actor;
	otherDefender: Actor;
}

/** An in-memory database with one jurisdiction, one user of each role and King County's rules. */
export function buildWorld(
	overrides: Partial<typeof jurisdictions.$inferInsert> = {},
	rules: RuleSet | null = KING_COUNTY_RULES,
	opened: OpenDatabase = buildDatabase()
): World {
	const { db } = opened;
	const base = buildJurisdiction(db, overrides, rules);
	const users = {} as Record<Role, User>;
	const actors = {} as Record<Role, Actor>;
	for (const role of ROLES) {
		users[role] = buildUser(db, base, role);
		actors[role] = actorFor(users[role]);
	}
	return {
		db,
		sqlite: opened.sqlite,
		close: opened.close,
		...base,
		users,
		actors,
		otherCaseManager: actorFor(buildUser(db, base, 'case_manager')),
		otherDefender: actorFor(buildUser(db, base, 'defender'))
	};
}

/** Changes some of the world's program settings (the rest keep their defaults or current values). */
export function setProgramSettings(
	world: Pick<World, 'db' | 'jurisdiction'>,
	changes: Partial<ProgramSettings>
) {
	const current = world.db
		.select({ settings: jurisdictions.settings })
		.from(jurisdictions)
		.where(eq(jurisdictions.id, world.jurisdiction.id))
		.get();
	world.db
		.update(jurisdictions)
		.set({ settings: { ...withDefaults(current?.settings), ...changes } })
		.where(eq(jurisdictions.id, world.jurisdiction.id))
		.run();
}

/** A valid arrest-diversion referral input for a new person (override any field). */
export function referralInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		person: {
			legalName: 'Testy McFixture',
			aliases: ['Fixture'],
			dateOfBirth: '1990-04-02',
			raceEthnicity: 'white',
			gender: 'man'
		},
		pathway: 'arrest_diversion',
		occurredAt: '2026-03-01T18:00:00.000Z',
		offence: 'Possession of a controlled substance',
		offenceCategory: 'drug_possession',
		neighbourhood: 'Belltown',
		narrative: 'Found with a small amount; agreed to be referred.',
		facts: { grams: 1, age: 34 },
		...overrides
	};
}

/**
 * A referred participant (by the world's officer), optionally assigned to the world's case
 * manager and defender.
 */
export function buildParticipant(
	world: World,
	{
		now = new Date('2026-03-02T12:00:00.000Z'),
		assign = true,
		input = {}
	}: { now?: Date; assign?: boolean; input?: Record<string, unknown> } = {}
) {
	const result = createReferral(world.db, world.actors.police_officer, referralInput(input), { now });
	if (!assign) return { ...result };
	const facilitator = world.actors.facilitator;
	const participantId = result.participantId;
	const a = assignCaseManager(
		world.db,
		facilitator,
		{ participantId, caseManagerUserId: world.users.case_manager.id, expectedVersion: result.version },
		{ now }
	);
	const b = assignDefender(
		world.db,
		facilitator,
		{ participantId, defenderUserId: world.users.defender.id, expectedVersion: a.version },
		{ now }
	);
	return { ...result, version: b.version };
}

/** A digest of every row of every table, to prove a refused mutation changed nothing. */
export function snapshotDatabase(
	world: Pick<World, 'sqlite'>,
	{ except = [] as string[] } = {}
): {
	counts: Record<string, number>;
	digest: string;
} {
	const { sqlite } = world;
	const tables = sqlite
		.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
		.all() as { name: string }[];
	const hash = createHash('sha256');
	const counts: Record<string, number> = {};
	for (const { name } of tables.filter((t) => !except.includes(t.name))) {
		const rows = tableRows(sqlite, name);
		counts[name] = rows.length;
		hash.update(name).update(JSON.stringify(rows));
	}
	return { counts, digest: hash.digest('hex') };
}
