/**
 * The program figures on a running board: a program set up from the command line takes 24
 * referrals from its officer, and the figures API gives the counts a test reads from those rows
 * itself, with small numbers hidden. A PCG member reads the figures and never a participant's
 * code or name on any channel; an evaluator reads none; a dashboard's token works until revoked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'devalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	connectSocket,
	postAction,
	signIn,
	startTestBoard,
	type TestBoard,
	type TestSocket
} from '../helpers/board';
import { newReferral } from '../helpers/board-client';
import { readRows } from '../helpers/database';
import { createProgram, PROGRAM_PASSWORD as PASSWORD } from '../helpers/programs';
import type { Figure, FiguresReport, FigureValue } from '../../src/lib/shared/figures';

const PROGRAM = 'Cascade County';
const TZ = 'America/Los_Angeles';
let dir: string;
let board: TestBoard;
const sockets: TestSocket[] = [];
let jurisdictionId: string;
/** What the test wrote: every code and name a PCG member must never receive. */
let codes: string[] = [];
const NAMES: string[] = [];

const today = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
const query = `from=${today}&to=${today}`;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'lead-figures-'));
	const account = (role: string, agency: string, agencyKind: string) => ({
		email: `${role}@cascade.test`,
		role,
		agency,
		agencyKind
	});
	await createProgram(dir, { name: PROGRAM, timezone: TZ, rules: 'king-county', assessmentDays: 30 }, [
		account('admin', 'LEAD Program Office', 'program'),
		account('police_officer', 'Cascade Police', 'police'),
		account('pcg_member', 'Policy Coordinating Group', 'policy_group'),
		account('evaluator', 'University Evaluation Team', 'evaluation')
	] as Parameters<typeof createProgram>[2]);
	board = await startTestBoard({}, { dir });
	const officer = await connectSocket(board, await signIn(board, 'police_officer@cascade.test', PASSWORD));
	sockets.push(officer);
	// 13 arrest diversions and 11 social contacts; 12 Black and 12 White; all women but one man.
	for (let i = 0; i < 24; i++) {
		const name = `Figurequest Person ${String.fromCharCode(65 + i)}${i}`;
		NAMES.push(name);
		const reply = await officer.emitWithAck('board:mutate:v1', {
			op: 'referral.create',
			input: newReferral(name, {
				person: {
					legalName: name,
					aliases: [`Quest${i}`],
					dateOfBirth: '1984-02-11',
					raceEthnicity: i % 2 ? 'black' : 'white',
					gender: i === 0 ? 'man' : 'woman'
				},
				...(i < 13 ? {} : { pathway: 'social_contact', offence: undefined, offenceCategory: undefined })
			})
		});
		expect(reply.ok, JSON.stringify(reply)).toBe(true);
	}
	jurisdictionId = readRows<{ id: string }>(
		board.databasePath,
		'select id from jurisdictions where name = ?',
		PROGRAM
	)[0].id;
	codes = readRows<{ code: string }>(
		board.databasePath,
		'select code from participants where jurisdiction_id = ?',
		jurisdictionId
	).map((r) => r.code);
}, 180_000);

afterAll(async () => {
	for (const s of sockets) s.close();
	await board?.stop();
	rmSync(dir, { recursive: true, force: true });
});

async function api(path: string, headers: Record<string, string>) {
	const response = await fetch(`${board.origin}${path}`, { headers });
	return {
		status: response.status,
		body: (await response.json()) as FiguresReport & { code?: string }
	};
}

const figure = (report: FiguresReport, id: string): Figure => report.figures.find((f) => f.id === id)!;
const cells = (f: Figure, column: string) => Object.fromEntries(f.rows.map((r) => [r.key, r.cells[column]]));

/** The test's own count from the rows it created, grouped by a column. */
function grouped(sql: string): Record<string, number> {
	const rows = readRows<{ key: string; n: number }>(board.databasePath, sql, jurisdictionId);
	return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

describe('the figures API', () => {
	it('gives the counts the records hold, for the session of a person who reads figures', async () => {
		const admin = await signIn(board, 'admin@cascade.test', PASSWORD);
		const { status, body } = await api(`/api/v1/figures?${query}`, { cookie: admin });
		expect(status).toBe(200);
		expect(body.period).toEqual({ from: today, to: today });
		const byPathway = grouped(
			'select r.pathway as key, count(*) as n from referrals r join participants p on p.id = r.participant_id where p.jurisdiction_id = ? group by r.pathway'
		);
		const byRace = grouped(
			'select p.race_ethnicity as key, count(*) as n from referrals r join participants p on p.id = r.participant_id where p.jurisdiction_id = ? group by p.race_ethnicity'
		);
		expect(byPathway).toEqual({ arrest_diversion: 13, social_contact: 11 });
		expect(cells(figure(body, 'referrals_by_pathway'), 'now')).toMatchObject({ ...byPathway, total: 24 });
		expect(cells(figure(body, 'referrals_by_race'), 'referred')).toMatchObject({ ...byRace, total: 24 });
		expect(cells(figure(body, 'enrolment'), 'now')).toMatchObject({ referred: 24 });
	});

	it('hides the one man among 24 referrals, and what would give him away, in the API as on the page', async () => {
		const admin = await signIn(board, 'admin@cascade.test', PASSWORD);
		const { body } = await api(`/api/v1/figures?${query}`, { cookie: admin });
		const gender = cells(figure(body, 'referrals_by_gender'), 'referred');
		expect(gender.man).toEqual({ fewerThan: 11 });
		expect(gender.woman).toEqual({ withheld: true });
		expect(gender.total).toBe(24);
		expect(smallCounts(body)).toEqual([]);
		const page = await fetch(`${board.origin}/figures?${query}`, { headers: { cookie: admin } });
		const html = await page.text();
		expect(html).toContain('fewer than 11');
		expect(html).not.toMatch(/data-cell="man:referred">\s*1\s*</);
	});

	it('answers a badly written period with a clear 400 and no figures', async () => {
		const admin = await signIn(board, 'admin@cascade.test', PASSWORD);
		const { status, body } = await api('/api/v1/figures?from=2026-13-01&to=2026-12-31', { cookie: admin });
		expect(status).toBe(400);
		expect(body.code).toBe('invalid_input');
		expect(body.figures).toBeUndefined();
	});

	it('reads with a token the administrator issues, until it is revoked; nobody else may issue one', async () => {
		const admin = await signIn(board, 'admin@cascade.test', PASSWORD);
		const pcg = await signIn(board, 'pcg_member@cascade.test', PASSWORD);
		const refused = await postAction(board, pcg, '/admin/program/api-tokens?/issue', {
			name: 'Not mine to issue'
		});
		expect(refused.type).not.toBe('success');

		const issued = await postAction(board, admin, '/admin/program/api-tokens?/issue', {
			name: 'State dashboard'
		});
		expect(issued.type).toBe('success');
		const { data } = parse(issued.data!) as { data: { id: string; token: string } };
		const bearer = { authorization: `Bearer ${data.token}` };
		const read = await api(`/api/v1/figures?${query}`, bearer);
		expect(read.status).toBe(200);
		expect(cells(figure(read.body, 'referrals_by_pathway'), 'now')).toMatchObject({ total: 24 });
		expect(JSON.stringify(read.body)).not.toContain(`${PROGRAM} police_officer`);
		const audited = readRows<{ n: number }>(
			board.databasePath,
			"select count(*) as n from audit_events where action = 'figures.read_by_token' and object_id = ?",
			data.id
		);
		expect(audited[0].n).toBe(1);

		const revoked = await postAction(board, admin, '/admin/program/api-tokens?/revoke', { tokenId: data.id });
		expect(revoked.type).toBe('success');
		expect((await api(`/api/v1/figures?${query}`, bearer)).status).toBe(401);
		expect((await api(`/api/v1/figures?${query}`, {})).status).toBe(401);
	});
});

describe('who reads the figures, and what else they receive', () => {
	it('gives a PCG member the figures and never a participant’s code or name, on any channel', async () => {
		const pcg = await signIn(board, 'pcg_member@cascade.test', PASSWORD);
		const [participantId] = readRows<{ id: string }>(
			board.databasePath,
			'select id from participants where jurisdiction_id = ? limit 1',
			jurisdictionId
		).map((r) => r.id);
		const received: string[] = [];
		for (const path of [
			`/figures?${query}`,
			`/figures/print?${query}`,
			`/api/v1/figures?${query}`,
			'/',
			'/board',
			'/board/print',
			`/participants/${participantId}`,
			`/participants/${participantId}/print`
		]) {
			const response = await fetch(`${board.origin}${path}`, {
				headers: { cookie: pcg },
				redirect: 'manual'
			});
			if (path.includes('figures')) expect(response.status, path).toBe(200);
			else if (path !== '/') expect(response.status, path).toBeGreaterThanOrEqual(400);
			received.push(await response.text());
		}
		const socket = await connectSocket(board, pcg);
		sockets.push(socket);
		const catchup = await socket.emitWithAck('board:catchup:v1', { afterSeq: 0 });
		received.push(JSON.stringify(catchup));
		const everything = received.join('\n');
		for (const code of codes) expect(everything).not.toContain(code);
		for (const name of NAMES) expect(everything).not.toContain(name);
		expect(everything).not.toContain('Quest1');
	});

	it('refuses the figures to an evaluator, on the page and in the API', async () => {
		const evaluator = await signIn(board, 'evaluator@cascade.test', PASSWORD);
		expect((await fetch(`${board.origin}/figures`, { headers: { cookie: evaluator } })).status).toBe(403);
		expect((await api(`/api/v1/figures?${query}`, { cookie: evaluator })).status).toBe(403);
	});
});

/** Every participant count in the report between 1 and 10: there must be none. Staff counts are not of people. */
function smallCounts(report: FiguresReport): string[] {
	const staff = new Set(['officer_concentration', 'caseloads']);
	const found: string[] = [];
	for (const f of report.figures) {
		if (staff.has(f.id)) continue;
		for (const r of f.rows) {
			for (const c of f.columns) {
				const v: FigureValue | undefined = r.cells[c.key];
				const unit = r.unit ?? c.unit;
				if (
					unit === 'count' &&
					c.key !== 'change' &&
					typeof v === 'number' &&
					v > 0 &&
					v < report.threshold
				) {
					found.push(`${f.id}/${r.key}/${c.key}=${v}`);
				}
			}
		}
	}
	return found;
}
