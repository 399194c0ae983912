/**
 * The permission matrix over the wire, against the real server: a slice of participant cells
 * through socket.io 'board:mutate:v1' and the HTTP form action for every role, and every role's
 * meeting-notes cells through the Yjs channel (joining is reading; an edit is writing). Cells
 * come from the one table in tests/helpers/permission-matrix.ts.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/seed';
import { yjsRooms } from '../../src/lib/shared/events';
import type { Role } from '../../src/lib/shared/roles';
import {
	connectSocket,
	postAction,
	signIn,
	startTestBoard,
	type TestBoard,
	type TestSocket
} from '../helpers/board';
import { newReferral } from '../helpers/board-client';
import { openNotes, upgradeStatus, type NotesClient } from '../helpers/notes';
import { expectedAllowed, rowFor, type MatrixRow } from '../helpers/permission-matrix';
import { waitFor } from '../helpers/wait';

let board: TestBoard;
const cookies = new Map<Role, string>();
const sockets = new Map<Role, TestSocket>();
const ROLES_HERE = DEMO_ACCOUNTS.map((a) => a.role);

beforeAll(async () => {
	board = await startTestBoard();
	for (const account of DEMO_ACCOUNTS) {
		const cookie = await signIn(board, account.email);
		cookies.set(account.role, cookie);
		sockets.set(account.role, await connectSocket(board, cookie));
	}
}, 60_000);
afterAll(async () => {
	for (const s of sockets.values()) s.close();
	await board?.stop();
});

function query<T>(sql: string, ...params: unknown[]): T {
	const db = new Database(board.databasePath, { readonly: true });
	try {
		return db.prepare(sql).get(...params) as T;
	} finally {
		db.close();
	}
}

async function mutate(role: Role, op: string, input: Record<string, unknown>) {
	return sockets.get(role)!.emitWithAck('board:mutate:v1', { op, input });
}

/** A participant the demo case manager took on and the demo defender represents. */
async function ownParticipant(): Promise<string> {
	const referred = await mutate('police_officer', 'referral.create', newReferral('Matrix Wire-Person'));
	if (!referred.ok) throw new Error(referred.message);
	const { participantId } = referred.data;
	const claimed = await mutate('case_manager', 'participant.claim', { participantId, expectedVersion: 1 });
	const defender = query<{ id: string }>("select id from user where email = 'defender@demo.test'");
	const assigned = await mutate('facilitator', 'defender.assign', {
		participantId,
		defenderUserId: defender.id,
		expectedVersion: 2
	});
	if (!claimed.ok || !assigned.ok) throw new Error('setting up the participant failed');
	return participantId;
}

/**
 * Posts a board form as a browser would: the participant page's action, or the referral form
 * (whose nested fields are named `person.legalName`, `facts.grams`).
 */
async function postForm(role: Role, participantId: string, op: string, input: Record<string, unknown>) {
	const fields: [string, string][] = [];
	const flatten = (value: Record<string, unknown>, prefix = '') => {
		for (const [key, v] of Object.entries(value)) {
			const name = `${prefix}${key}`;
			if (v === undefined || v === null) continue;
			if (Array.isArray(v)) for (const item of v) fields.push([name, String(item)]);
			else if (typeof v === 'object') flatten(v as Record<string, unknown>, `${name}.`);
			else fields.push([name, String(v)]);
		}
	};
	flatten(input);
	const path = op === 'referral.create' ? '/referrals/new' : `/participants/${participantId}?/change`;
	return postAction(board, cookies.get(role)!, path, [['op', op], ...fields]);
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe('participant cells over socket.io, for every role', () => {
	const slice: [string, MatrixRow, (id: string) => Record<string, unknown>][] = [
		[
			'referral.create',
			rowFor('referral.create', 'arrest-diversion referral'),
			() => newReferral(`Wire Referral ${Math.random()}`)
		],
		[
			'goal.add',
			rowFor('plan.manage', 'participant'),
			(id) => ({ participantId: id, domain: 'food', description: 'Food bank card' })
		],
		[
			'legal.add',
			rowFor('legal.manage', 'participant'),
			(id) => ({
				participantId: id,
				caseNumber: `W-${Math.random()}`.slice(0, 20),
				court: 'District',
				charge: 'Trespass'
			})
		],
		[
			'contact.add',
			rowFor('contact.create.police', 'participant'),
			(id) => ({
				participantId: id,
				kind: 'police_outreach',
				occurredAt: new Date().toISOString(),
				note: 'Outreach'
			})
		],
		[
			'contact.add',
			rowFor('contact.create.caseManagement', 'participant'),
			(id) => ({
				participantId: id,
				kind: 'case_management',
				occurredAt: new Date().toISOString(),
				note: 'Visit'
			})
		],
		[
			'update.post',
			rowFor('update.post', 'participant'),
			(id) => ({ participantId: id, body: 'Engaged this week' })
		],
		[
			'consent.record',
			rowFor('consent.manage', 'participant'),
			(id) => ({
				participantId: id,
				recipient: 'kind:prosecution',
				categories: ['legal'],
				purpose: 'Charging coordination',
				signedOn: yesterday(),
				until: 'exit'
			})
		]
	];

	it('answers each role as the matrix says (ok, or forbidden with nothing stored)', async () => {
		const participantId = await ownParticipant();
		const got: Record<string, string> = {};
		const want: Record<string, string> = {};
		for (const [op, row, input] of slice) {
			for (const role of ROLES_HERE) {
				const reply = await mutate(role, op, input(participantId));
				const cell = `${op} (${row.action}) by ${role}`;
				got[cell] = reply.ok ? 'ok' : reply.code;
				want[cell] = expectedAllowed(row, role) ? 'ok' : 'forbidden';
			}
		}
		expect(got).toEqual(want);
	}, 60_000);

	it('answers each role over the HTTP form actions as the matrix says, for the same cells', async () => {
		const participantId = await ownParticipant();
		const got: Record<string, string> = {};
		const want: Record<string, string> = {};
		for (const [op, row, input] of slice) {
			for (const role of ROLES_HERE) {
				const result = await postForm(role, participantId, op, input(participantId));
				const cell = `${op} (${row.action}) by ${role}`;
				got[cell] = result.type === 'success' || result.type === 'redirect' ? 'ok' : String(result.status);
				want[cell] = expectedAllowed(row, role) ? 'ok' : '403';
			}
		}
		expect(got).toEqual(want);
	}, 90_000);

	it('answers the consent form action over HTTP as the matrix says, keeping every ticked category', async () => {
		const participantId = await ownParticipant();
		const post = (role: Role) =>
			postAction(board, cookies.get(role)!, `/participants/${participantId}?/change`, [
				['op', 'consent.record'],
				['recipient', 'kind:police'],
				['categories', 'clinical'],
				['categories', 'plan'],
				['purpose', 'Treatment coordination'],
				['signedOn', yesterday()],
				['until', 'date'],
				['validUntil', '2099-12-31']
			]);
		const row = rowFor('consent.manage', 'participant');
		for (const role of ['police_officer', 'prosecutor', 'defender', 'case_manager', 'facilitator'] as const) {
			const result = await post(role);
			expect(result.type === 'success' ? 'ok' : result.status, role).toBe(
				expectedAllowed(row, role) ? 'ok' : 403
			);
		}
		const detail = await sockets
			.get('police_officer')!
			.emitWithAck('participant:watch:v1', { participantId });
		expect(detail.ok && detail.data.consents.map((c) => c.categories)).toEqual([['clinical', 'plan']]);
	});
});

describe('meeting-notes cells over the Yjs channel, for every role', () => {
	const clients: NotesClient[] = [];
	afterAll(() => {
		for (const c of clients.splice(0)) c.destroy();
	});

	/** A live meeting written straight into the board's database, invited as the matrix's scenario says. */
	function liveMeeting(kind: 'operational_workgroup' | 'policy_group'): string {
		const db = new Database(board.databasePath);
		try {
			const facilitator = db
				.prepare("select id, jurisdiction_id from user where email = 'facilitator@demo.test'")
				.get() as { id: string; jurisdiction_id: string };
			const kinds =
				kind === 'operational_workgroup'
					? ['police', 'prosecution', 'defense', 'case_management']
					: ['policy_group', 'evaluation'];
			const agencyIds = kinds.map(
				(k) =>
					(
						db
							.prepare('select id from agencies where kind = ? and jurisdiction_id = ?')
							.get(k, facilitator.jurisdiction_id) as { id: string }
					).id
			);
			const id = `matrix-${kind}`;
			db.prepare(
				`insert into meetings (id, jurisdiction_id, kind, title, starts_at, status, organizer_user_id, invited_agency_ids, invited_user_ids)
				 values (?, ?, ?, ?, ?, 'live', ?, ?, '[]')`
			).run(
				id,
				facilitator.jurisdiction_id,
				kind,
				`Matrix ${kind}`,
				Date.now(),
				facilitator.id,
				JSON.stringify(agencyIds)
			);
			return yjsRooms.meetingNotes(id);
		} finally {
			db.close();
		}
	}

	it.each([
		['operational_workgroup', 'live workgroup meeting'],
		['policy_group', 'live policy group meeting']
	] as const)(
		'lets exactly the matrix’s readers join and writers edit the %s notes',
		async (kind, scenario) => {
			const room = liveMeeting(kind);
			const read = rowFor('meeting.notes.read', scenario);
			const write = rowFor('meeting.notes.write', scenario);
			const joined: Record<string, number> = {};
			for (const role of ROLES_HERE) {
				joined[role] = await upgradeStatus(board, `/yjs/${room}`, {
					origin: board.origin,
					cookie: cookies.get(role)!
				});
			}
			expect(joined).toEqual(
				Object.fromEntries(ROLES_HERE.map((r) => [r, expectedAllowed(read, r) ? 101 : 403]))
			);

			const readers = ROLES_HERE.filter((r) => expectedAllowed(read, r));
			const open = readers.map((role) => {
				const client = openNotes(board, cookies.get(role)!, room);
				clients.push(client);
				return { role, client };
			});
			await waitFor(() => open.every((o) => o.client.provider.synced), {
				timeout: 10_000,
				message: 'every reader synced'
			});
			// Refused writers edit first; the allowed writers' edits, and a last one, then mark the server as past them.
			const byWriting = [...open].sort(
				(a, b) => Number(expectedAllowed(write, a.role)) - Number(expectedAllowed(write, b.role))
			);
			for (const { role, client } of byWriting) client.doc.getText('notes').insert(0, `[${role}] `);
			const facilitator = open.find((o) => o.role === 'facilitator')!.client;
			facilitator.doc.getText('notes').insert(facilitator.text().length, 'END');
			const observer = open.find((o) => o.role !== 'facilitator' && expectedAllowed(write, o.role))!.client;
			const writers = readers.filter((r) => expectedAllowed(write, r));
			await waitFor(
				() => observer.text().includes('END') && writers.every((r) => observer.text().includes(`[${r}]`)),
				{
					timeout: 10_000,
					message: 'every allowed edit'
				}
			);
			const landed = Object.fromEntries(readers.map((r) => [r, observer.text().includes(`[${r}]`)]));
			expect(landed).toEqual(Object.fromEntries(readers.map((r) => [r, expectedAllowed(write, r)])));
		},
		60_000
	);
});
