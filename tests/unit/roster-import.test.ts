/**
 * A program's roster from its spreadsheet: good rows import together as participants the board
 * shows, every bad row is reported by its line and imports nothing, the same file imported twice
 * changes nothing, and each import is audited with counts only.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { perform } from '../../src/lib/server/commands/command';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { legalMatters, participants, referrals } from '../../src/lib/server/db/participants.schema';
import { DomainError } from '../../src/lib/server/errors';
import { importRosterAsOperator, importRosterCommand } from '../../src/lib/server/imports/roster';
import { participantDetailView, rosterView } from '../../src/lib/server/participants/views';
import type { Actor } from '../../src/lib/server/policy';
import {
	buildJurisdiction,
	buildUser,
	buildWorld,
	setProgramSettings,
	snapshotDatabase,
	type World
} from '../helpers/factories';
import { rosterFile, rosterRow, type RosterRow } from '../helpers/imports';

let world: World;
afterEach(() => world?.close());

const now = new Date('2026-03-02T19:00:00.000Z');
const importAs = (actor: Actor, rows: RosterRow[], dryRun = false) =>
	perform(world.db, actor, importRosterCommand, { file: rosterFile(rows), dryRun }, { now });
const codes = () =>
	world.db
		.select({ code: participants.code })
		.from(participants)
		.where(eq(participants.jurisdictionId, world.jurisdiction.id))
		.all()
		.map((p) => p.code)
		.sort();
const imports = () =>
	world.db.select().from(auditEvents).where(eq(auditEvents.action, 'roster.imported')).all();

const GOOD: RosterRow[] = [
	rosterRow({ code: 'SF-0101' }),
	rosterRow({
		code: 'SF-0102',
		legal_name: 'Dale Baca',
		aliases: '',
		date_of_birth: '1979-11-20',
		gender: 'Man'
	}),
	rosterRow({
		code: 'SF-0103',
		legal_name: 'Lee Duran',
		status: 'referred',
		pathway: 'arrest_diversion',
		offence_category: 'drug_possession',
		referral_date: '2026-02-25',
		next_court_date: '2026-03-09'
	})
];
const BAD: RosterRow[] = [
	rosterRow({ code: 'SF-0201', date_of_birth: '1990-02-30' }),
	rosterRow({ code: 'SF-0202', race_ethnicity: 'purple', pathway: 'bicycle' }),
	rosterRow({ code: '', legal_name: '' }),
	rosterRow({ code: 'SF-0101', legal_name: 'Someone Else' })
];

describe('an import with good and bad rows', () => {
	it('imports the good rows and reports each bad row by its line with every reason', () => {
		world = buildWorld();
		const { data } = importAs(world.actors.facilitator, [...GOOD, ...BAD]);
		expect(data).toMatchObject({ dryRun: false, rows: 7, imported: 3, unchanged: [] });
		expect(data.problems).toEqual([
			{
				line: 5,
				key: 'SF-0201',
				message: 'The date of birth "1990-02-30" is not a calendar date written YYYY-MM-DD.'
			},
			{
				line: 6,
				key: 'SF-0202',
				message: expect.stringMatching(
					/race\/ethnicity "purple" is not one .* The pathway "bicycle" is not one/
				)
			},
			{ line: 7, message: expect.stringMatching(/code is empty.*legal name is empty/) },
			{ line: 8, key: 'SF-0101', message: 'The code SF-0101 is on line 2 already.' }
		]);
		expect(codes()).toEqual(['SF-0101', 'SF-0102', 'SF-0103']);
	});

	it('changes nothing when the same file is imported again, and says which rows were already there', () => {
		world = buildWorld();
		importAs(world.actors.facilitator, [...GOOD, ...BAD]);
		const before = snapshotDatabase(world, { except: ['audit_events'] });
		const { data } = importAs(world.actors.facilitator, [...GOOD, ...BAD]);
		expect(data.imported).toBe(0);
		expect(data.unchanged).toEqual([
			{ line: 2, key: 'SF-0101' },
			{ line: 3, key: 'SF-0102' },
			{ line: 4, key: 'SF-0103' }
		]);
		expect(data.problems).toHaveLength(4);
		expect(snapshotDatabase(world, { except: ['audit_events'] })).toEqual(before);
	});

	it('imports a fixed row on the next run and leaves the rest as they are', () => {
		world = buildWorld();
		importAs(world.actors.facilitator, [...GOOD, BAD[0]]);
		const { data } = importAs(world.actors.facilitator, [
			...GOOD,
			{ ...BAD[0], date_of_birth: '1990-02-28' }
		]);
		expect(data).toMatchObject({ imported: 1, problems: [] });
		expect(codes()).toEqual(['SF-0101', 'SF-0102', 'SF-0103', 'SF-0201']);
	});

	it('changes nothing and records nothing on a dry run, and says what would be imported', () => {
		world = buildWorld();
		const before = snapshotDatabase(world);
		const { data, changes } = importAs(world.actors.admin, [...GOOD, ...BAD], true);
		expect(data).toMatchObject({ dryRun: true, imported: 3 });
		expect(data.problems).toHaveLength(4);
		expect(changes.jurisdiction).toBeUndefined();
		expect(snapshotDatabase(world)).toEqual(before);
	});

	it('audits each import with its counts and nothing read from the file', () => {
		world = buildWorld();
		const { changes } = importAs(world.actors.admin, [...GOOD, ...BAD]);
		const [entry] = imports();
		expect(entry).toMatchObject({
			actorUserId: world.actors.admin.userId,
			jurisdictionId: world.jurisdiction.id,
			outcome: 'success'
		});
		expect(JSON.parse(entry.detail!)).toEqual({ rows: 7, imported: 3, unchanged: 0, problems: 4 });
		expect(JSON.stringify(entry)).not.toMatch(/SF-0|Archuleta|Baca|1984/);
		expect(changes.jurisdiction).toEqual([expect.objectContaining({ kind: 'roster.import' })]);
	});
});

describe('what an imported participant is', () => {
	it('is on the board with the case manager, status, clock and court date the roster gave', () => {
		world = buildWorld({ name: 'Santa Fe', timezone: 'America/Denver', assessmentWindowDays: 14 });
		const cm = world.users.case_manager;
		importAs(world.actors.facilitator, [
			{ ...GOOD[0], case_manager_email: cm.email.toUpperCase() },
			GOOD[1],
			GOOD[2]
		]);
		const roster = rosterView(world.db, world.actors.facilitator, {}, { now });
		const byCode = new Map(roster.cards.map((c) => [c.code, c]));
		expect(byCode.get('SF-0101')).toMatchObject({
			name: 'Maria Archuleta',
			status: 'enrolled',
			caseManager: { userId: cm.id },
			assessment: null
		});
		// An arrest diversion still before its assessment runs the program's 14-day clock from its date.
		expect(byCode.get('SF-0103')).toMatchObject({ status: 'referred', assessment: { daysLeft: 9 } });
		expect(byCode.get('SF-0103')!.flags).toContain('court_within_14_days');
		const detail = participantDetailView(
			world.db,
			world.actors.facilitator,
			byCode.get('SF-0101')!.participantId,
			{
				now
			}
		);
		expect(detail.identity).toEqual({
			legalName: 'Maria Archuleta',
			aliases: ['Mari', 'M. Arch'],
			dateOfBirth: '1984-06-02'
		});
		expect(detail.timeline[0].text).toMatch(
			/^Imported from the program's roster \(Social contact, referred 2025-02-11/
		);
	});

	it('keeps a formula-like cell as text', () => {
		world = buildWorld();
		const formula = '=HYPERLINK("http://example.test","x")';
		importAs(world.actors.facilitator, [rosterRow({ legal_name: formula, aliases: `${formula};@cmd` })]);
		const p = world.db.select().from(participants).where(eq(participants.code, 'SF-0101')).get()!;
		expect(p.legalName).toBe(`'${formula}`);
		expect(p.aliases).toEqual([`'${formula}`, '@cmd']);
	});
});

describe('the program decides what a row may say', () => {
	it('takes only the race/ethnicity and gender categories the program records, by value or by label', () => {
		world = buildWorld();
		setProgramSettings(world, {
			raceEthnicities: ['black', 'white', 'unknown'],
			genders: [
				{ value: 'f', label: 'Female' },
				{ value: 'm', label: 'Male' }
			]
		});
		const { data } = importAs(world.actors.facilitator, [
			rosterRow({ code: 'A-1', race_ethnicity: 'Black or African American', gender: 'female' }),
			rosterRow({ code: 'A-2', legal_name: 'B', race_ethnicity: 'hispanic_latino', gender: 'woman' })
		]);
		expect(data.imported).toBe(1);
		expect(data.problems[0].message).toMatch(
			/race\/ethnicity "hispanic_latino" is not one this program records: use one of black, white, unknown\. The gender "woman" is not one .*use one of f, m/
		);
		const p = world.db.select().from(participants).where(eq(participants.code, 'A-1')).get()!;
		expect([p.raceEthnicity, p.gender]).toEqual(['black', 'f']);
	});

	it('assigns only case managers of this program', () => {
		world = buildWorld();
		const elsewhere = buildJurisdiction(world.db, { name: 'Albany' });
		const outsider = buildUser(world.db, elsewhere, 'case_manager');
		const { data } = importAs(world.actors.facilitator, [
			rosterRow({ code: 'A-1', case_manager_email: world.users.police_officer.email }),
			rosterRow({ code: 'A-2', legal_name: 'B', case_manager_email: outsider.email }),
			rosterRow({
				code: 'A-3',
				legal_name: 'C',
				case_manager_email: world.users.case_manager_supervisor.email
			})
		]);
		expect(data.problems.map((p) => p.message)).toEqual([
			`${world.users.police_officer.email} is not a case manager, so cannot be assigned as one.`,
			`No one with the email ${outsider.email} has an account in this program.`
		]);
		expect(data.imported).toBe(1);
	});

	it('counts only its own codes as already on the board', () => {
		world = buildWorld();
		importAs(world.actors.facilitator, GOOD);
		const other = buildJurisdiction(world.db, { name: 'Albany' });
		const facilitator = buildUser(world.db, other, 'facilitator');
		const { data } = perform(
			world.db,
			{
				...world.actors.facilitator,
				userId: facilitator.id,
				agencyId: facilitator.agencyId,
				jurisdictionId: other.jurisdiction.id
			},
			importRosterCommand,
			{ file: rosterFile(GOOD), dryRun: false },
			{ now }
		);
		expect(data).toMatchObject({ imported: 3, unchanged: [] });
	});
});

describe('who may import', () => {
	it('refuses everyone but the administrator and the facilitator, and records the refusal', () => {
		world = buildWorld();
		for (const role of ['police_officer', 'case_manager_supervisor', 'pcg_member'] as const) {
			expect(() => importAs(world.actors[role], GOOD)).toThrow(DomainError);
		}
		expect(codes()).toEqual([]);
		expect(imports().map((e) => e.outcome)).toEqual(['denied', 'denied', 'denied']);
	});
});

describe('the command line', () => {
	it('imports as the operator, audited with no actor, and the same file again changes nothing', () => {
		world = buildWorld();
		const first = importRosterAsOperator(world.db, world.jurisdiction.id, { file: rosterFile(GOOD) }, now);
		const again = importRosterAsOperator(world.db, world.jurisdiction.id, { file: rosterFile(GOOD) }, now);
		expect([first.imported, again.imported, again.unchanged.length]).toEqual([3, 0, 3]);
		expect(imports().map((e) => [e.actorUserId, e.outcome])).toEqual([
			[null, 'success'],
			[null, 'success']
		]);
		const detail = participantDetailView(
			world.db,
			world.actors.facilitator,
			rosterView(world.db, world.actors.facilitator).cards[0].participantId
		);
		expect(detail.timeline[0].author).toBe('Board operator (import)');
		expect(world.db.select().from(referrals).all()).toHaveLength(3);
		expect(world.db.select().from(legalMatters).all()).toHaveLength(1);
	});

	it('refuses a file that is not a roster before reading a row', () => {
		world = buildWorld();
		const notUtf8 = Buffer.from('code,legal_name\r\nSF-1,Jos\xe9\r\n', 'latin1');
		expect(() => importRosterAsOperator(world.db, world.jurisdiction.id, { file: notUtf8 })).toThrow(
			/not UTF-8/
		);
		expect(imports()).toEqual([]);
	});
});
