/**
 * De-identified data for evaluators, against the real board: the administrator opens a study on
 * its page, an evaluator downloads the study's export over HTTP and unzips it. Records planted
 * through the board's own socket with distinctive names, aliases, dates of birth, narratives,
 * notes and case numbers leave no trace in it; no combination of quasi-identifiers is shared by
 * fewer than the program's threshold; every other role is refused, as the permission matrix
 * says; the audit trail holds the download with its study and counts.
 */
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/seed';
import { groupSizes } from '../../src/lib/server/evaluation/k-anonymity';
import { postAction, signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { newReferral, openBoard, type LiveBoardClient } from '../helpers/board-client';
import { readRows } from '../helpers/database';
import { expectedAllowed, rowFor } from '../helpers/permission-matrix';

let board: TestBoard;
let evaluator: string;
let studyId: string;
const clients: LiveBoardClient[] = [];

/** Distinctive words in the records planted for this test: none may reach an evaluator. */
const PLANTED = {
	legalName: 'Octavia Wrenfield-Marchetti',
	alias: 'Tavi Lanternjaw',
	dateOfBirth: '1977-11-23',
	narrative: 'PLANTED-NARRATIVE under the Lanternjaw bridge',
	contactNote: 'PLANTED-CONTACT-NOTE asked about the food bank',
	update: 'PLANTED-UPDATE picked up her ID letter',
	goal: 'PLANTED-GOAL replace the lost state ID',
	caseNumber: 'PLANTED-CASE-77-1123',
	court: 'PLANTED-COURT Kent Municipal',
	charge: 'PLANTED-CHARGE trespass in the park',
	decisionNote: 'PLANTED-DECISION-NOTE held while she engages'
};

async function mutate(client: LiveBoardClient, op: string, input: Record<string, unknown>) {
	const reply = await client.socket.emitWithAck('board:mutate:v1', { op, input } as never);
	if (!reply.ok) throw new Error(`${op}: ${reply.code} ${reply.message}`);
	return reply.data as unknown as Record<string, unknown> & { participantId: string; version?: number };
}

/** Octavia (and a second person) referred, claimed, contacted, updated, given a goal and a legal matter. */
async function plantRecords() {
	const officer = await openBoard(board, 'officer@demo.test');
	const caseManager = await openBoard(board, 'casemanager@demo.test');
	const prosecutor = await openBoard(board, 'prosecutor@demo.test');
	clients.push(officer, caseManager, prosecutor);
	const referred = await mutate(
		officer,
		'referral.create',
		newReferral(PLANTED.legalName, {
			person: {
				legalName: PLANTED.legalName,
				aliases: [PLANTED.alias],
				dateOfBirth: PLANTED.dateOfBirth,
				raceEthnicity: 'native_hawaiian_pacific_islander'
			},
			narrative: PLANTED.narrative,
			neighbourhood: 'Lanternjaw Flats'
		})
	);
	const id = referred.participantId;
	await mutate(caseManager, 'participant.claim', { participantId: id, expectedVersion: 1 });
	await mutate(caseManager, 'contact.add', {
		participantId: id,
		kind: 'case_management',
		occurredAt: new Date().toISOString(),
		note: PLANTED.contactNote
	});
	await mutate(caseManager, 'update.post', { participantId: id, body: PLANTED.update });
	await mutate(caseManager, 'goal.add', {
		participantId: id,
		domain: 'id_documents',
		description: PLANTED.goal
	});
	const matter = await mutate(prosecutor, 'legal.add', {
		participantId: id,
		caseNumber: PLANTED.caseNumber,
		court: PLANTED.court,
		charge: PLANTED.charge
	});
	await mutate(prosecutor, 'legal.chargingDecision', {
		participantId: id,
		legalMatterId: matter.legalMatterId,
		decision: 'held_pending_engagement',
		note: PLANTED.decisionNote,
		expectedVersion: matter.version
	});
}

const get = (path: string, cookie?: string) =>
	fetch(`${board.origin}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

async function download(cookie: string) {
	const response = await get(`/api/v1/exports/evaluation.zip?study=${studyId}`, cookie);
	expect(response.status).toBe(200);
	const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
	return {
		response,
		files: Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]))
	};
}

/** The rows of one of the export's CSV files (its cells hold no line breaks). */
function rows(text: string): Record<string, string>[] {
	const cells = (line: string) =>
		[...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] ?? m[2]).replace(/""/g, '"'));
	const [header, ...body] = text.split('\r\n').filter(Boolean).map(cells);
	return body.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
}

beforeAll(async () => {
	board = await startTestBoard();
	await plantRecords();
	const admin = await signIn(board, 'admin@demo.test');
	const opened = await postAction(board, admin, '/evaluation?/open', {
		name: 'Engagement and re-arrest, 2026',
		purpose: 'Whether case-management contact in the first month is followed by fewer new arrests.'
	});
	expect(opened.type).toBe('success');
	[{ id: studyId }] = readRows<{ id: string }>(board.databasePath, 'select id from evaluation_studies');
	evaluator = await signIn(board, 'evaluator@demo.test');
}, 90_000);

afterAll(async () => {
	for (const client of clients) client.socket.close();
	await board?.stop();
});

describe('an evaluator’s download', () => {
	it('is a zip of the participants, the events, the data dictionary and a README', async () => {
		const { response, files } = await download(evaluator);
		expect(response.headers.get('content-type')).toBe('application/zip');
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="evaluation-engagement-and-re-arrest-2026-\d{8}\.zip"$/
		);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(Object.keys(files).sort()).toEqual([
			'README.txt',
			'data-dictionary.csv',
			'events.csv',
			'participants.csv'
		]);
		const standing = readRows<{ n: number }>(
			board.databasePath,
			'select count(*) as n from participants where merged_into_id is null'
		)[0].n;
		expect(rows(files['participants.csv'])).toHaveLength(standing);
		expect(rows(files['events.csv']).length).toBeGreaterThan(standing);
	});

	it('carries no name, alias, code, date of birth, record id, narrative, note or case number', async () => {
		const { files } = await download(evaluator);
		const text = Object.values(files).join('\n');
		const people = readRows<{
			id: string;
			code: string;
			legal_name: string;
			aliases: string;
			date_of_birth: string | null;
		}>(board.databasePath, 'select id, code, legal_name, aliases, date_of_birth from participants');
		const freeText = readRows<{ t: string }>(
			board.databasePath,
			`select narrative as t from referrals union select offence from referrals
			 union select note from contacts union select body from participant_updates
			 union select description from plan_goals union select case_number from legal_matters
			 union select court from legal_matters union select charge from legal_matters
			 union select charging_decision_note from legal_matters union select reason from status_changes`
		)
			.map((r) => r.t)
			.filter((t): t is string => typeof t === 'string' && t.length >= 12);
		const identifiers = people.flatMap((p) => [
			p.id,
			p.code,
			p.legal_name,
			...(JSON.parse(p.aliases) as string[]).filter((a) => a.length >= 5),
			...(p.date_of_birth ? [p.date_of_birth] : [])
		]);
		expect(people.length).toBeGreaterThan(50);
		for (const value of [...Object.values(PLANTED), ...identifiers, ...freeText, 'PLANTED', 'Lanternjaw'])
			expect(text, value).not.toContain(value);
	});

	it('shares every combination of age band, race/ethnicity, gender and neighbourhood among at least 11 people', async () => {
		const { files } = await download(evaluator);
		const quasi = rows(files['participants.csv']).map((r) => ({
			ageBand: r.age_band,
			raceEthnicity: r.race_ethnicity,
			gender: r.gender,
			neighbourhood: r.neighbourhood
		}));
		expect(quasi.length).toBeGreaterThan(50);
		expect(Math.min(...groupSizes(quasi).values())).toBeGreaterThanOrEqual(11);
		expect(files['README.txt']).toContain('k = 11');
	});

	it('is in the audit trail with its study and the row counts of what was handed out', async () => {
		const { files } = await download(evaluator);
		const entries = readRows<{ actor_role: string; outcome: string; object_id: string; detail: string }>(
			board.databasePath,
			"select actor_role, outcome, object_id, detail from audit_events where action = 'evaluation.exported' and outcome = 'success' order by id"
		);
		const last = entries.at(-1)!;
		expect(last).toMatchObject({ actor_role: 'evaluator', object_id: studyId });
		expect(JSON.parse(last.detail)).toMatchObject({
			participants: rows(files['participants.csv']).length,
			events: rows(files['events.csv']).length,
			k: 11,
			withheld: 0
		});
	});
});

describe('who gets it', () => {
	it('answers each role as the permission matrix says, records each refusal, and answers 401 without a session', async () => {
		const path = `/api/v1/exports/evaluation.zip?study=${studyId}`;
		const refusedRoles: string[] = [];
		for (const account of DEMO_ACCOUNTS) {
			const cookie = await signIn(board, account.email);
			const mayDownload = expectedAllowed(rowFor('evaluation.export', 'jurisdiction'), account.role);
			const mayView = expectedAllowed(rowFor('evaluation.view', 'jurisdiction'), account.role);
			const zip = await get(path, cookie);
			expect(zip.status, account.role).toBe(mayDownload ? 200 : 403);
			if (!mayDownload) {
				expect(await zip.json()).toMatchObject({ code: 'forbidden' });
				refusedRoles.push(account.role);
			}
			expect((await get('/evaluation', cookie)).status, account.role).toBe(mayView ? 200 : 403);
		}
		expect(refusedRoles).toHaveLength(DEMO_ACCOUNTS.length - 1);
		const denied = readRows<{ actor_role: string }>(
			board.databasePath,
			"select actor_role from audit_events where action = 'evaluation.exported' and outcome = 'denied' order by id"
		).map((r) => r.actor_role);
		expect(denied).toEqual(refusedRoles);
		const anonymous = await get(path);
		expect(anonymous.status).toBe(401);
		expect(await anonymous.json()).toMatchObject({ code: 'unauthorized' });
	});

	it('answers an evaluator who names no study, or a study that is not there, clearly', async () => {
		const none = await get('/api/v1/exports/evaluation.zip', evaluator);
		expect(none.status).toBe(400);
		expect(await none.json()).toMatchObject({ code: 'invalid_input', message: 'Choose a study.' });
		const unknown = await get('/api/v1/exports/evaluation.zip?study=0c4f7d9e-no-such-study', evaluator);
		expect(unknown.status).toBe(404);
	});

	it('leads an evaluator from home to the export page', async () => {
		const home = await (await get('/', evaluator)).text();
		const nav = /<nav aria-label="Main"[\s\S]*?<\/nav>/.exec(home)?.[0];
		expect(nav).toMatch(/href="(\.\.?)?\/evaluation"[^>]*>Evaluation data</);
		expect(home).toContain('Download de-identified data');
		const page = await get('/evaluation', evaluator);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Engagement and re-arrest, 2026');
		expect(html).toMatch(/href="[^"]*\/api\/v1\/exports\/evaluation\.zip\?study=[^"]+"/);
	});
});
