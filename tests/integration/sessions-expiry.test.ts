/**
 * Session limits on a real server, shortened through the same settings an operator uses
 * (fractional minutes and hours): an idle session and a too-old session end on every channel.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yjsRooms } from '../../src/lib/shared/events';
import { connectSocket, signIn, startTestBoard, type TestBoard, type TestSocket } from '../helpers/board';
import { demoMeetings, openNotes, type NotesClient } from '../helpers/notes';
import { waitFor } from '../helpers/wait';

const IDLE_MS = 6_000; // SESSION_IDLE_MINUTES=0.1
const ABSOLUTE_MS = 18_000; // SESSION_MAX_AGE_HOURS=0.005

let board: TestBoard;
let notesRoom: string;
beforeAll(async () => {
	board = await startTestBoard({ SESSION_IDLE_MINUTES: '0.1', SESSION_MAX_AGE_HOURS: '0.005' });
	notesRoom = yjsRooms.meetingNotes(demoMeetings(board.databasePath).workgroup);
});
afterAll(async () => {
	await board.stop();
});

interface Watched {
	socket: TestSocket;
	notes: NotesClient;
	endedMessages: string[];
	disconnected: () => boolean;
}

/** A signed-in person with both realtime channels open, watching for the end of the session. */
async function openChannels(cookie: string): Promise<Watched> {
	const endedMessages: string[] = [];
	let disconnected = false;
	const socket = await connectSocket(board, cookie, {
		listen: (s) => {
			s.on('session:ended:v1', (m) => endedMessages.push(m.code));
			s.on('disconnect', () => (disconnected = true));
		}
	});
	const notes = openNotes(board, cookie, notesRoom);
	await waitFor(() => notes.provider.synced, { timeout: 10_000, message: 'notes synced' });
	return { socket, notes, endedMessages, disconnected: () => disconnected };
}

async function expectEndedEverywhere(watched: Watched, cookie: string) {
	await waitFor(() => watched.endedMessages.length > 0 && watched.disconnected(), {
		timeout: 20_000,
		message: 'socket.io told and disconnected'
	});
	expect(watched.endedMessages).toEqual(['session_ended']);
	await waitFor(() => watched.notes.closeCodes.includes(4410), { timeout: 10_000, message: 'notes closed' });
	watched.notes.destroy();
	const page = await fetch(`${board.origin}/board`, { headers: { cookie }, redirect: 'manual' });
	expect(page.status).toBe(303);
	expect(page.headers.get('location')).toMatch(/^\/signin/);
}

function expiryReasons(): string[] {
	const db = new Database(board.databasePath, { readonly: true });
	try {
		const rows = db.prepare("select detail from audit_events where action = 'session.expired'").all() as {
			detail: string;
		}[];
		return rows.map((r) => (JSON.parse(r.detail) as { reason: string }).reason);
	} finally {
		db.close();
	}
}

describe('an idle session', () => {
	it('ends after the idle limit: its sockets are told and closed, and pages send it to sign-in', async () => {
		const cookie = await signIn(board, 'casemanager@demo.test');
		const watched = await openChannels(cookie);
		const quietSince = Date.now();
		await expectEndedEverywhere(watched, cookie);
		expect(Date.now() - quietSince).toBeGreaterThanOrEqual(IDLE_MS - 1_000);
		expect(expiryReasons()).toContain('idle');
	}, 45_000);
});

describe('a busy session', () => {
	it('stays open past the idle limit while in use, and still ends at the absolute limit', async () => {
		const signedInAt = Date.now();
		const cookie = await signIn(board, 'facilitator@demo.test');
		const watched = await openChannels(cookie);
		let lastAnswered = 0;
		// Activity every second while waiting for the end.
		const keepBusy = setInterval(() => {
			watched.socket
				.timeout(5_000)
				.emitWithAck('presence:list:v1')
				.then(
					(ack) => {
						if (ack.ok) lastAnswered = Date.now();
					},
					() => undefined
				);
		}, 1_000);
		try {
			await expectEndedEverywhere(watched, cookie);
		} finally {
			clearInterval(keepBusy);
		}
		expect(lastAnswered - signedInAt).toBeGreaterThan(IDLE_MS + 2_000);
		expect(Date.now() - signedInAt).toBeGreaterThanOrEqual(ABSOLUTE_MS - 1_000);
		expect(expiryReasons()).toContain('absolute');
	}, 60_000);
});

describe('a session typing the meeting notes', () => {
	it('is not idle while its notes edits are stored, and ends once the typing stops', async () => {
		const cookie = await signIn(board, 'prosecutor@demo.test');
		const watched = await openChannels(cookie);
		const text = watched.notes.doc.getText('notes');
		const startedTyping = Date.now();
		// Only the notes are in use: nothing is sent on socket.io, no page is loaded.
		const typing = setInterval(() => text.insert(text.length, 'a'), 400);
		let typedFor = 0;
		try {
			await waitFor(() => (typedFor = Date.now() - startedTyping) > IDLE_MS + 3_000, {
				timeout: 15_000,
				message: 'typed past the idle limit'
			});
			expect(watched.endedMessages).toEqual([]);
			expect(watched.notes.closeCodes).toEqual([]);
		} finally {
			clearInterval(typing);
		}
		const page = await fetch(`${board.origin}/board`, { headers: { cookie }, redirect: 'manual' });
		expect(page.status).toBe(200);
		expect(typedFor).toBeGreaterThan(IDLE_MS);
		await expectEndedEverywhere(watched, cookie);
	}, 60_000);
});
