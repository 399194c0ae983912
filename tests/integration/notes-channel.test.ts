import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { yjsRooms } from '../../src/lib/shared/events';
import { signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { demoMeetings, openNotes, upgradeStatus, type NotesClient } from '../helpers/notes';
import { waitFor } from '../helpers/wait';

let board: TestBoard;
let workgroupRoom: string;
let policyRoom: string;
const clients: NotesClient[] = [];

beforeAll(async () => {
	board = await startTestBoard();
	const meetings = demoMeetings(board.databasePath);
	workgroupRoom = yjsRooms.meetingNotes(meetings.workgroup);
	policyRoom = yjsRooms.meetingNotes(meetings.policyGroup);
});
afterEach(() => {
	for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => {
	await board.stop();
});

const open = (cookie: string | null, room: string, origin?: string) => {
	const client = openNotes(board, cookie, room, origin);
	clients.push(client);
	return client;
};

describe('meeting notes over /yjs/<room> with a session cookie', () => {
	it('syncs text between a prosecutor and a case manager in the workgroup notes', async () => {
		const prosecutor = open(await signIn(board, 'prosecutor@demo.test'), workgroupRoom);
		const caseManager = open(await signIn(board, 'casemanager@demo.test'), workgroupRoom);
		await waitFor(() => prosecutor.provider.synced && caseManager.provider.synced, {
			message: 'both synced'
		});
		prosecutor.doc.getText('notes').insert(0, 'Charge held pending engagement. ');
		await waitFor(() => caseManager.text().includes('Charge held pending engagement.'), {
			message: 'text arrives'
		});
		expect(caseManager.text()).toBe(prosecutor.text());
	});

	it('lets a read-only role follow the PCG notes but refuses its edits', async () => {
		const pcg = open(await signIn(board, 'pcg@demo.test'), policyRoom);
		const police = open(await signIn(board, 'officer@demo.test'), policyRoom);
		await waitFor(() => pcg.provider.synced && police.provider.synced, { message: 'both synced' });
		pcg.doc.getText('notes').insert(0, 'Expansion to the north precinct. ');
		await waitFor(() => police.text().includes('Expansion'), { message: 'reader receives' });
		police.doc.getText('notes').insert(0, 'POLICE EDIT ');
		pcg.doc.getText('notes').insert(pcg.text().length, 'Agreed by consensus.');
		await waitFor(() => police.text().includes('Agreed by consensus.'), {
			message: 'later writer edit arrives'
		});
		expect(pcg.text()).not.toContain('POLICE EDIT');
	});

	it('refuses at the upgrade: no session (401), a foreign Origin (403), an outsider role (403), an unknown room (404)', async () => {
		const evaluator = await signIn(board, 'evaluator@demo.test');
		const sergeant = await signIn(board, 'sergeant@demo.test');
		expect(await upgradeStatus(board, `/yjs/${workgroupRoom}`, { origin: board.origin })).toBe(401);
		expect(
			await upgradeStatus(board, `/yjs/${workgroupRoom}`, {
				origin: 'https://evil.example',
				cookie: sergeant
			})
		).toBe(403);
		expect(
			await upgradeStatus(board, `/yjs/${workgroupRoom}`, { origin: board.origin, cookie: evaluator })
		).toBe(403);
		expect(
			await upgradeStatus(board, `/yjs/meeting.nope.notes`, { origin: board.origin, cookie: sergeant })
		).toBe(404);
		expect(
			await upgradeStatus(board, `/yjs/${workgroupRoom}`, { origin: board.origin, cookie: sergeant })
		).toBe(101);
	});

	it('shows each editor under the name and agency of their session, whatever the browser claims', async () => {
		const officer = open(await signIn(board, 'officer@demo.test'), workgroupRoom);
		const prosecutor = open(await signIn(board, 'prosecutor@demo.test'), workgroupRoom);
		await waitFor(() => officer.provider.synced && prosecutor.provider.synced, { message: 'both synced' });
		officer.provider.awareness.setLocalStateField('user', {
			name: 'Chief Judge',
			agencyKind: 'program',
			colour: 'x'
		});
		const seen = await waitFor(
			() =>
				[...prosecutor.provider.awareness.getStates().values()]
					.map((state) => (state as { user?: { name?: string; agencyKind?: string } }).user)
					.find((user) => user && user.name !== undefined && user.name !== 'Priya Natarajan'),
			{ message: 'the officer in the prosecutor awareness' }
		);
		expect(seen).toMatchObject({ name: 'Sam Reyes', agencyKind: 'police' });
	});

	it('closes any other upgrade path instead of leaving it open', async () => {
		const sergeant = await signIn(board, 'sergeant@demo.test');
		expect(await upgradeStatus(board, '/somewhere-else', { origin: board.origin, cookie: sergeant })).toBe(
			404
		);
	});

	it('closes the notes socket of a session that signs out', async () => {
		const cookie = await signIn(board, 'defender@demo.test');
		const defender = open(cookie, workgroupRoom);
		await waitFor(() => defender.provider.synced, { message: 'synced' });
		await fetch(`${board.origin}/api/auth/sign-out`, {
			method: 'POST',
			headers: { cookie, origin: board.origin, 'content-type': 'application/json' },
			body: '{}'
		});
		await waitFor(() => defender.closeCodes.includes(4410), { message: 'closed with session_ended' });
		expect(defender.closeCodes).toContain(4410);
	});
});
