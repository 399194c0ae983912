import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NotesLink } from '../../src/lib/client/notes-link';
import { yjsRooms } from '../../src/lib/shared/events';
import { signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { cookieWebSocket, demoMeetings, openNotes, upgradeStatus, type NotesClient } from '../helpers/notes';
import { waitFor } from '../helpers/wait';

const MAX_DOCUMENT_BYTES = 300_000;

let board: TestBoard;
let meetings: { workgroup: string; policyGroup: string };
const cookies = new Map<string, string>();
const clients: NotesClient[] = [];
const links: NotesLink[] = [];

beforeAll(async () => {
	board = await startTestBoard({ YJS_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT_BYTES) });
	meetings = demoMeetings(board.databasePath);
});
afterEach(() => {
	for (const client of clients.splice(0)) client.destroy();
	for (const link of links.splice(0)) link.destroy();
});
afterAll(async () => {
	await board.stop();
});

async function cookieOf(who: string): Promise<string> {
	if (!cookies.has(who)) cookies.set(who, await signIn(board, `${who}@demo.test`));
	return cookies.get(who)!;
}

async function open(who: string, meetingId: string): Promise<NotesClient> {
	const client = openNotes(board, await cookieOf(who), yjsRooms.meetingNotes(meetingId));
	clients.push(client);
	await waitFor(() => client.provider.synced, { timeout: 10_000, message: `${who} synced` });
	return client;
}

/** The browser's own connection class, in Node, with the session cookie. */
async function link(who: string, meetingId: string): Promise<NotesLink> {
	const created = new NotesLink({
		meetingId,
		endpoint: `ws://127.0.0.1:${board.port}/yjs`,
		WebSocketPolyfill: cookieWebSocket(await cookieOf(who), board.origin)
	});
	links.push(created);
	created.start();
	await waitFor(() => created.state === 'live', { timeout: 10_000, message: `${who} live` });
	return created;
}

/** A small seeded generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** Pacing of the simulated typing (the workload), not a wait for a condition. */
const pace = () => new Promise((resolve) => setTimeout(resolve, 4));

async function typeRandomly(client: NotesClient, ops: number, random: () => number): Promise<void> {
	const text = client.doc.getText('notes');
	for (let i = 0; i < ops; i++) {
		const length = text.length;
		if (length > 10 && random() < 0.35) {
			const at = Math.floor(random() * (length - 3));
			text.delete(at, 1 + Math.floor(random() * 3));
		} else {
			const word = 'abcdefghij'.slice(0, 1 + Math.floor(random() * 5));
			text.insert(Math.floor(random() * (length + 1)), word);
		}
		await pace();
	}
}

const stateVector = (client: NotesClient) => Buffer.from(Y.encodeStateVector(client.doc)).toString('hex');

describe('meeting notes: concurrent editors, read-only roles, outsiders, offline edits', () => {
	it('converges three editors typing and deleting at random at once to the same text', async () => {
		const editors = await Promise.all(
			['prosecutor', 'casemanager', 'sergeant'].map((who) => open(who, meetings.workgroup))
		);
		await Promise.all(editors.map((client, i) => typeRandomly(client, 300, seeded(17 + i))));

		await waitFor(
			() => new Set(editors.map(stateVector)).size === 1 && new Set(editors.map((c) => c.text())).size === 1,
			{ timeout: 15_000, message: 'all three texts identical' }
		);
		const text = editors[0].text();
		expect(text.length).toBeGreaterThan(50);
		const late = await open('defender', meetings.workgroup);
		expect(late.text()).toBe(text);
	});

	it('drops a police officer’s edit to the PCG notes: no other reader or later joiner ever sees it', async () => {
		const pcg = await open('pcg', meetings.policyGroup);
		const facilitator = await open('facilitator', meetings.policyGroup);
		const officer = await open('officer', meetings.policyGroup);
		const dropsBefore = board.logs.filter((line) => line.includes('yjs.readonly_update_dropped')).length;

		officer.doc.getText('notes').insert(0, 'POLICE EDIT ');
		await waitFor(
			() => board.logs.filter((line) => line.includes('yjs.readonly_update_dropped')).length > dropsBefore,
			{ timeout: 10_000, message: 'the server dropped the read-only update' }
		);
		pcg.doc.getText('notes').insert(0, 'Protocol review agreed. ');
		await waitFor(() => facilitator.text().includes('Protocol review agreed.'), {
			message: 'writer edit arrives'
		});
		await waitFor(() => officer.text().includes('Protocol review agreed.'), { message: 'reader follows' });

		expect(pcg.text()).not.toContain('POLICE EDIT');
		expect(facilitator.text()).not.toContain('POLICE EDIT');
		const later = await open('evaluator', meetings.policyGroup);
		expect(later.text()).toContain('Protocol review agreed.');
		expect(later.text()).not.toContain('POLICE EDIT');
	});

	it('refuses an outsider role at the upgrade, before any document is sent', async () => {
		const evaluator = await cookieOf('evaluator');
		const path = `/yjs/${yjsRooms.meetingNotes(meetings.workgroup)}`;
		expect(await upgradeStatus(board, path, { origin: board.origin, cookie: evaluator })).toBe(403);
		const outsider = openNotes(board, evaluator, yjsRooms.meetingNotes(meetings.workgroup));
		clients.push(outsider);
		const insider = await open('prosecutor', meetings.workgroup);
		insider.doc.getText('notes').insert(0, 'Only for the workgroup. ');
		await open('casemanager', meetings.workgroup); // a later joiner syncs while the outsider still cannot
		expect(outsider.provider.synced).toBe(false);
		expect(outsider.text()).toBe('');
	});

	it('merges the edits of a case manager who kept typing while disconnected', async () => {
		const prosecutor = await open('prosecutor', meetings.workgroup);
		const caseManager = await open('casemanager', meetings.workgroup);
		caseManager.provider.disconnect();
		await waitFor(() => !caseManager.provider.wsconnected, { message: 'disconnected' });

		caseManager.doc.getText('notes').insert(0, 'Offline: housing voucher submitted. ');
		prosecutor.doc.getText('notes').insert(0, 'Online: new court date set. ');
		expect(prosecutor.text()).not.toContain('housing voucher');

		caseManager.provider.connect();
		await waitFor(
			() => caseManager.text() === prosecutor.text() && caseManager.text().includes('court date'),
			{
				timeout: 10_000,
				message: 'both edits on both sides'
			}
		);
		expect(prosecutor.text()).toContain('Offline: housing voucher submitted.');
		const fresh = await open('sergeant', meetings.workgroup);
		expect(fresh.text()).toContain('Offline: housing voucher submitted.');
		expect(fresh.text()).toContain('Online: new court date set.');
	});

	it('stops on a change too large to save instead of reconnecting in a loop, and resumes once it is undone', async () => {
		const sergeant = await link('sergeant', meetings.workgroup);
		const witness = await open('defender', meetings.workgroup);
		const text = sergeant.doc.getText('notes');
		text.insert(0, 'x'.repeat(1_100_000)); // over YJS_MAX_UPDATE_BYTES (1 MiB), under ws's own cap

		await waitFor(() => sergeant.state === 'too-large', { timeout: 10_000, message: 'too-large stop' });
		expect(sergeant.provider.shouldConnect).toBe(false);
		expect(sergeant.reconnectDelays).toEqual([]);
		expect(witness.text()).not.toContain('xxxx');

		text.delete(0, 1_100_000); // what Undo does in the editor
		text.insert(0, 'Short note. ');
		sergeant.retry();
		await waitFor(() => sergeant.state === 'live', { timeout: 10_000, message: 'live again' });
		await waitFor(() => witness.text().includes('Short note.'), { message: 'the small edit arrives' });
		expect(witness.text()).not.toContain('xxxx');
	});

	it('tells editors when the notes pass the document size limit', async () => {
		const facilitator = await link('facilitator', meetings.policyGroup);
		expect(facilitator.documentBytes).toBeNull();
		const text = facilitator.doc.getText('notes');
		for (let i = 0; i < 4; i++) text.insert(text.length, `${i}`.repeat(100_000));

		await waitFor(() => facilitator.documentBytes !== null, { timeout: 10_000, message: 'size notice' });
		expect(facilitator.documentBytes).toBeGreaterThan(MAX_DOCUMENT_BYTES);
		const joiner = await link('pcg', meetings.policyGroup);
		await waitFor(() => joiner.documentBytes !== null, { message: 'a joiner is told too' });
	});
});
