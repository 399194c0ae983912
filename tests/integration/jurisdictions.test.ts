/**
 * A second program beside the demo, set up from the command line as an operator would: its own
 * rules screen its referrals, its settings drive its clocks, and it is sealed from the demo on
 * every channel. And production will not start on a database that holds the demo.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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
import { createProgram, PROGRAM_PASSWORD as PASSWORD } from '../helpers/programs';
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
