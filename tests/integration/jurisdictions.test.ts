/**
 * A second program beside the demo, set up from the command line as an operator would: its own
 * rules screen its referrals, its settings drive its clocks, and it is sealed from the demo on
 * every channel. And production will not start on a database that holds the demo.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yjsRooms } from '../../src/lib/shared/events';
import {
	connectSocket,
	postAction,
	signIn,
	startTestBoard,
	type TestBoard,
	type TestSocket
} from '../helpers/board';
import { newReferral } from '../helpers/board-client';
import { demoMeetings, upgradeStatus } from '../helpers/notes';
import { createProgram, npmCommand, PROGRAM_PASSWORD as PASSWORD } from '../helpers/programs';
import { waitFor } from '../helpers/wait';

let dir: string;
let board: TestBoard;
const sockets: TestSocket[] = [];

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'lead-programs-'));
	const created = await createProgram(
		dir,
		{ name: 'Santa Fe', timezone: 'America/Denver', rules: 'santa-fe', assessmentDays: 14 },
		[
			{ email: 'admin@santafe.test', role: 'admin', agency: 'LEAD Program Office', agencyKind: 'program' },
			{
				email: 'officer@santafe.test',
				role: 'police_officer',
				agency: 'Santa Fe Police Department',
				agencyKind: 'police'
			}
		]
	);
	expect(created).toContain('Created Santa Fe (America/Denver, 14-day assessment window)');
	// The board starts in demo mode on the same file: King County (demo) is seeded beside Santa Fe.
	board = await startTestBoard({}, { dir });
}, 120_000);

afterAll(async () => {
	for (const s of sockets) s.close();
	await board.stop();
	rmSync(dir, { recursive: true, force: true });
});

async function socketFor(email: string, password?: string) {
	const socket = await connectSocket(board, await signIn(board, email, password));
	sockets.push(socket);
	return socket;
}

async function refer(socket: TestSocket, name: string) {
	const reply = await socket.emitWithAck('board:mutate:v1', {
		op: 'referral.create',
		input: newReferral(name, { facts: { grams: 5, age: 30 } })
	});
	if (!reply.ok) throw new Error(`${reply.code}: ${reply.message}`);
	return reply.data as unknown as {
		participantId: string;
		status: string;
		assessmentDueAt: string | null;
		screening: { result: string };
	};
}

describe('a program set up from the command line', () => {
	it('screens a 5-gram possession referral as eligible under Santa Fe’s rules and out under King County’s', async () => {
		const santaFe = await refer(await socketFor('officer@santafe.test', PASSWORD), 'Sante Fe Person');
		const kingCounty = await refer(await socketFor('officer@demo.test'), 'King County Person');
		expect(santaFe).toMatchObject({ status: 'referred', screening: { result: 'eligible' } });
		expect(kingCounty).toMatchObject({
			status: 'screened_out',
			screening: { result: 'ineligible' },
			assessmentDueAt: null
		});
		// Santa Fe's 14-day window, counted in Denver's calendar.
		const days = (Date.parse(santaFe.assessmentDueAt!) - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(13);
		expect(days).toBeLessThan(15.5);
	});

	it('takes its administrator’s change of window for the next referral', async () => {
		const admin = await signIn(board, 'admin@santafe.test', PASSWORD);
		const settings = new Database(join(dir, 'board.sqlite'), { readonly: true })
			.prepare("select settings from jurisdictions where name = 'Santa Fe'")
			.pluck()
			.get() as string;
		const current = JSON.parse(settings) as {
			pathways: string[];
			raceEthnicities: string[];
			genders: { label: string }[];
		};
		const form: [string, string][] = [
			['name', 'Santa Fe'],
			['timezone', 'America/Denver'],
			['assessmentWindowDays', '7'],
			...current.pathways.map((p): [string, string] => ['pathways', p]),
			...current.raceEthnicities.map((r): [string, string] => ['raceEthnicities', r]),
			['genders', current.genders.map((g) => g.label).join('\n')],
			['assessmentWarningDays', '3'],
			['courtHorizonDays', '14'],
			['unableToLocateDays', '30'],
			['caseloadTarget', '20'],
			['caseloadCap', '25'],
			['workgroupCadenceDays', '14'],
			['pcgCadenceDays', '91'],
			['smallNumberThreshold', '11']
		];
		// Open screens of Santa Fe hear of the change (and reload); the demo county's do not.
		const heard: string[] = [];
		(await socketFor('officer@santafe.test', PASSWORD)).on('program:changed:v1', ({ kind }) =>
			heard.push(`santa-fe ${kind}`)
		);
		(await socketFor('officer@demo.test')).on('program:changed:v1', ({ kind }) => heard.push(`demo ${kind}`));
		const saved = await postAction(board, admin, '/admin/program/settings?/save', form);
		expect(saved.type, saved.data).toBe('success');
		await waitFor(() => heard.length > 0, { message: 'the program change to reach open screens' });
		expect(heard).toEqual(['santa-fe program.settings']);
		const next = await refer(await socketFor('officer@santafe.test', PASSWORD), 'After The Change');
		const days = (Date.parse(next.assessmentDueAt!) - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(6);
		expect(days).toBeLessThan(8.5);
	});
});

describe('a roster moved from its spreadsheet, and people who come back', () => {
	const HEADER =
		'code,legal_name,aliases,date_of_birth,race_ethnicity,gender,status,case_manager_email,referral_date,pathway,offence_category,next_court_date';
	const ROWS = [
		'SF-0001,Lupe Montoya,La Lupe,1985-03-02,hispanic_latino,woman,exited,,2025-06-01,arrest_diversion,drug_possession,',
		'SF-0002,Ray Baca,,1979-11-20,white,man,enrolled,,2025-08-12,social_contact,,',
		'SF-0003,,,,,,enrolled,,2025-09-01,arrest_diversion,,',
		'SF-0004,Eli Romero,,,,,referred,,2031-01-01,arrest_diversion,,',
		'SF-0005,Ana Sisneros,,,,,flying,,2025-10-01,arrest_diversion,,'
	];

	/** Runs roster:import on the running board's file, as the operator would; never throws. */
	async function rosterImport(file: string) {
		return npmCommand(dir, 'roster:import', ['--jurisdiction', 'Santa Fe', '--file', file]).then(
			(r) => ({ code: 0, out: r.stdout }),
			(e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout })
		);
	}

	const santaFeRows = (sql: string, ...params: unknown[]) => {
		const db = new Database(join(dir, 'board.sqlite'), { readonly: true });
		try {
			return db.prepare(sql).all(...params) as Record<string, unknown>[];
		} finally {
			db.close();
		}
	};

	it('reports each bad row with its line and imports the good ones exactly once', async () => {
		const file = join(dir, 'roster.csv');
		writeFileSync(file, `${[HEADER, ...ROWS].join('\n')}\n`);
		const first = await rosterImport(file);
		expect(first.code).toBe(1);
		const lines = first.out.trim().split('\n');
		expect(lines.slice(0, 3)).toEqual([
			expect.stringMatching(/^line 4 \(SF-0003\): .*legal name/i),
			expect.stringMatching(/^line 5 \(SF-0004\): .*2031-01-01 is in the future/),
			expect.stringMatching(/^line 6 \(SF-0005\): The status "flying"/)
		]);
		expect(lines.at(-1)).toMatch(
			/^Santa Fe: 5 rows read, 2 imported, 0 already on the board .*, 3 with problems/
		);

		const again = await rosterImport(file);
		expect(again.out).toMatch(/2 already on the board/);
		const codes = santaFeRows(
			"select p.code from participants p join jurisdictions j on j.id = p.jurisdiction_id where j.name = 'Santa Fe' and p.code like 'SF-000%' order by p.code"
		).map((r) => r.code);
		expect(codes).toEqual(['SF-0001', 'SF-0002']);
		// The officer's open board has them, in Santa Fe's board only.
		const roster = await (
			await socketFor('officer@santafe.test', PASSWORD)
		).emitWithAck('board:roster:v1', {});
		expect(roster.ok && roster.data.roster.cards.map((c) => c.code)).toEqual(
			expect.arrayContaining(['SF-0001', 'SF-0002'])
		);
	});

	it('brings a person who left back on their own record, found by a close spelling', async () => {
		const officerCookie = await signIn(board, 'officer@santafe.test', PASSWORD);
		const looked = await fetch(`${board.origin}/referrals/new/known`, {
			method: 'POST',
			headers: { cookie: officerCookie, origin: board.origin, 'content-type': 'application/json' },
			body: JSON.stringify({ legalName: 'Lupe Montoia' })
		});
		const known = (await looked.json()) as {
			people: { participantId: string; code: string; mayReferAgain: boolean; version: number }[];
		};
		expect(known.people[0]).toMatchObject({ code: 'SF-0001', mayReferAgain: true });
		// The demo county's officer, looking for the same name, finds nobody.
		const elsewhere = await fetch(`${board.origin}/referrals/new/known`, {
			method: 'POST',
			headers: {
				cookie: await signIn(board, 'officer@demo.test'),
				origin: board.origin,
				'content-type': 'application/json'
			},
			body: JSON.stringify({ legalName: 'Lupe Montoia' })
		});
		expect(((await elsewhere.json()) as { people: unknown[] }).people).toEqual([]);

		const officer = await socketFor('officer@santafe.test', PASSWORD);
		const { person: _new, ...contact } = newReferral('unused', { facts: { grams: 1, age: 41 } });
		const reply = await officer.emitWithAck('board:mutate:v1', {
			op: 'referral.create',
			input: {
				...contact,
				participantId: known.people[0].participantId,
				expectedVersion: known.people[0].version
			}
		});
		expect(reply).toMatchObject({ ok: true, data: { participantId: known.people[0].participantId } });
		const records = santaFeRows("select id, status from participants where legal_name = 'Lupe Montoya'");
		expect(records).toEqual([{ id: known.people[0].participantId, status: 'referred' }]);
	});
});

describe('programs sealed from each other', () => {
	it('answers not found for every record of another program, on every channel', async () => {
		const kc = await refer(await socketFor('officer@demo.test'), 'Sealed Person');
		const santaFeCookie = await signIn(board, 'officer@santafe.test', PASSWORD);
		const santaFe = await connectSocket(board, santaFeCookie);
		sockets.push(santaFe);
		const meetings = demoMeetings(board.databasePath);
		// socket.io: a participant, a meeting, a change to either.
		expect(
			await santaFe.emitWithAck('participant:watch:v1', { participantId: kc.participantId })
		).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		expect(await santaFe.emitWithAck('meeting:join:v1', { meetingId: meetings.workgroup })).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		const change = await santaFe.emitWithAck('board:mutate:v1', {
			op: 'contact.add',
			input: {
				participantId: kc.participantId,
				kind: 'police_social_contact',
				occurredAt: new Date().toISOString(),
				note: 'x'
			}
		});
		expect(change).toMatchObject({ ok: false, code: 'not_found' });
		// The board's roster holds only Santa Fe's people.
		const roster = await santaFe.emitWithAck('board:roster:v1', {});
		expect(roster.ok && roster.data.roster.cards.map((c) => c.participantId)).not.toContain(kc.participantId);
		// Pages.
		const page = await fetch(`${board.origin}/participants/${kc.participantId}`, {
			headers: { cookie: santaFeCookie }
		});
		expect(page.status).toBe(404);
		const meetingPage = await fetch(`${board.origin}/meetings/${meetings.workgroup}`, {
			headers: { cookie: santaFeCookie }
		});
		expect(meetingPage.status).toBe(404);
		// The notes.
		const notes = await upgradeStatus(board, `/yjs/${yjsRooms.meetingNotes(meetings.workgroup)}`, {
			cookie: santaFeCookie,
			origin: board.origin
		});
		expect(notes).toBe(404);
	});

	it('keeps each administrator to their own program’s people, audit trail and set-up', async () => {
		const admin = await signIn(board, 'admin@santafe.test', PASSWORD);
		const people = await (await fetch(`${board.origin}/admin/users`, { headers: { cookie: admin } })).text();
		expect(people).toContain('Santa Fe police_officer');
		expect(people).not.toContain('demo.test');
		const audit = await (
			await fetch(`${board.origin}/admin/audit/export.csv`, { headers: { cookie: admin } })
		).text();
		expect(audit).not.toContain('King County');
		const db = new Database(board.databasePath, { readonly: true });
		const demoUserIds = db
			.prepare("select id from user where email like '%@demo.test'")
			.pluck()
			.all() as string[];
		db.close();
		for (const id of demoUserIds) expect(audit).not.toContain(id);
		const disable = await postAction(board, admin, '/admin/users?/disable', { userId: demoUserIds[0] });
		expect(disable).toMatchObject({ type: 'failure', status: 404 });
	});
});

describe('production', () => {
	it('refuses to start on a database that holds the demo, and says how to start clean', async () => {
		const failure = await startTestBoard(
			{ LEAD_MODE: 'production', ORIGIN: 'https://lead.example.org', AUTH_SECRET: 'p'.repeat(40) },
			{ dir: mkdtempSync(join(tmpdir(), 'lead-production-')) }
		).then(
			async (b) => {
				await b.stop();
				return null;
			},
			(error: unknown) => String(error)
		);
		expect(failure).toBeNull();
		const refused = await startTestBoard(
			{ LEAD_MODE: 'production', ORIGIN: 'https://lead.example.org', AUTH_SECRET: 'p'.repeat(40) },
			{ dir }
		).then(
			async (b) => {
				await b.stop({ keepFiles: true });
				return 'started';
			},
			(error: unknown) => String(error)
		);
		expect(refused).toContain('holds the demo jurisdiction (King County (demo))');
		expect(refused).toContain('npm run user:create');
	});
});
