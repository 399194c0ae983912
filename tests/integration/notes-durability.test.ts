import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { NotesLink } from '../../src/lib/client/notes-link';
import { yjsRooms } from '../../src/lib/shared/events';
import { signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { cookieWebSocket, demoMeetings, openNotes, type NotesClient } from '../helpers/notes';
import { waitFor } from '../helpers/wait';

const boards: TestBoard[] = [];
const clients: NotesClient[] = [];
const links: NotesLink[] = [];

afterEach(() => {
	for (const client of clients.splice(0)) client.destroy();
	for (const link of links.splice(0)) link.destroy();
});
afterAll(async () => {
	for (const board of boards) await board.stop();
});

async function start(env: Record<string, string> = {}, dir?: string): Promise<TestBoard> {
	const board = await startTestBoard(env, dir ? { dir } : {});
	boards.push(board);
	return board;
}

async function open(board: TestBoard, who: string, room: string): Promise<NotesClient> {
	const client = openNotes(board, await signIn(board, `${who}@demo.test`), room);
	clients.push(client);
	await waitFor(() => client.provider.synced, { timeout: 10_000, message: `${who} synced` });
	return client;
}

/** Client id → clock, from an encoded state vector. */
function clocks(doc: Y.Doc): Map<number, number> {
	const decoder = decoding.createDecoder(Y.encodeStateVector(doc));
	const result = new Map<number, number>();
	for (let n = decoding.readVarUint(decoder); n > 0; n--) {
		result.set(decoding.readVarUint(decoder), decoding.readVarUint(decoder));
	}
	return result;
}

const tokensIn = (text: string) => new Set(text.match(/<[a-z]\d+>/g) ?? []);

/**
 * Types whole tokens like `<p17>` at the start or the end of the text until `stopped()`, so no
 * insert ever lands inside a token and every token stays findable. Bounded by `max`.
 */
async function typeTokens(client: NotesClient, tag: string, stopped: () => boolean, max = 3_000) {
	const text = client.doc.getText('notes');
	for (let n = 0; n < max && !stopped(); n++) {
		text.insert(n % 2 === 0 ? 0 : text.length, `<${tag}${n}>`);
		await new Promise((resolve) => setTimeout(resolve, 3)); // typing pace, not a wait
	}
}

describe('meeting notes survive a crash and a restart', () => {
	it('keeps every update another client had received when the server is killed with SIGKILL mid-typing', async () => {
		const board = await start();
		const room = yjsRooms.meetingNotes(demoMeetings(board.databasePath).workgroup);
		const writers = await Promise.all(
			['prosecutor', 'casemanager', 'sergeant'].map((w) => open(board, w, room))
		);
		const witness = await open(board, 'defender', room);

		let killed = false;
		const typing = writers.map((writer, i) => typeTokens(writer, 'pcs'[i], () => killed));
		await waitFor(() => tokensIn(witness.text()).size >= 150, {
			timeout: 15_000,
			message: 'witness saw typing'
		});

		// The server appends each update to SQLite before it applies and broadcasts it, so all the
		// witness has seen was stored: read that, then kill at once, with the writers still typing.
		const seenTokens = tokensIn(witness.text());
		const seenClocks = clocks(witness.doc);
		await board.kill();
		killed = true;
		await Promise.all(typing);
		for (const client of clients.splice(0)) client.destroy(); // nobody re-sends what they had

		const restarted = await start({}, board.dir);
		const fresh = await open(restarted, 'facilitator', room);
		const freshTokens = tokensIn(fresh.text());
		const missing = [...seenTokens].filter((token) => !freshTokens.has(token));
		expect(missing).toEqual([]);
		const freshClocks = clocks(fresh.doc);
		for (const [client, clock] of seenClocks)
			expect(freshClocks.get(client) ?? 0).toBeGreaterThanOrEqual(clock);
		expect(seenTokens.size).toBeGreaterThanOrEqual(150);
	});

	it('brings editors back at spread-out moments after a restart, merging what they typed meanwhile', async () => {
		const board = await start();
		const meetingId = demoMeetings(board.databasePath).workgroup;
		const cookie = await signIn(board, 'casemanager@demo.test');
		for (let i = 0; i < 6; i++) {
			const link = new NotesLink({
				meetingId,
				endpoint: `ws://127.0.0.1:${board.port}/yjs`,
				WebSocketPolyfill: cookieWebSocket(cookie, board.origin),
				random: () => (i + 0.5) / 6 // a different draw per client, the same on every run
			});
			links.push(link);
			link.start();
		}
		await waitFor(() => links.every((link) => link.state === 'live'), {
			timeout: 10_000,
			message: 'all live'
		});
		links[0].doc.getText('notes').insert(0, 'Before the restart. ');

		await board.stop({ keepFiles: true });
		await waitFor(() => links.every((link) => link.state !== 'live'), { message: 'all lost the server' });
		links[1].doc.getText('notes').insert(0, 'Typed while the board restarted. ');
		await start({ PORT: String(board.port) }, board.dir);

		await waitFor(() => links.every((link) => link.state === 'live'), {
			timeout: 30_000,
			message: 'all back'
		});
		const firstDelays = links.map((link) => link.reconnectDelays[0]);
		expect(new Set(firstDelays).size).toBe(links.length);
		expect(Math.max(...firstDelays) - Math.min(...firstDelays)).toBeGreaterThan(500);
		await waitFor(
			() =>
				links.every((link) =>
					link.doc.getText('notes').toString().includes('Typed while the board restarted.')
				),
			{ message: 'the offline edit reached everyone' }
		);
		expect(links[5].doc.getText('notes').toString()).toContain('Before the restart.');
	});
});
