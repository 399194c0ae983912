/**
 * Writes that used to take their own path now go through the one command path, against the real
 * server: flagging a participant for discussion reaches open boards and meeting pages live, and
 * an administrator's change records the address it came from.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingView } from '../../src/lib/shared/meeting-events';
import {
	connectSocket,
	postAction,
	signIn,
	startTestBoard,
	type TestBoard,
	type TestSocket
} from '../helpers/board';
import { newReferral, openBoard, type LiveBoardClient } from '../helpers/board-client';
import { demoMeetings } from '../helpers/notes';
import { waitFor } from '../helpers/wait';

let board: TestBoard;
const sockets: TestSocket[] = [];
beforeAll(async () => {
	board = await startTestBoard();
});
afterAll(async () => {
	for (const s of sockets) s.close();
	await board.stop();
});

async function liveBoard(email: string): Promise<LiveBoardClient> {
	const client = await openBoard(board, email);
	sockets.push(client.socket);
	return client;
}

function auditRows(action: string) {
	const db = new Database(board.databasePath, { readonly: true });
	try {
		return db.prepare('select * from audit_events where action = ? order by id').all(action) as {
			actor_user_id: string;
			object_id: string;
			source_address: string | null;
			outcome: string;
			detail: string;
		}[];
	} finally {
		db.close();
	}
}

describe('flagging for discussion', () => {
	it('reaches an open board and an open meeting page live, once stored', async () => {
		const officer = await liveBoard('officer@demo.test');
		const referred = await officer.socket.emitWithAck('board:mutate:v1', {
			op: 'referral.create',
			input: newReferral('Flag Livewire')
		});
		if (!referred.ok) throw new Error(referred.message);
		const { participantId } = referred.data;
		const caseManager = await liveBoard('casemanager@demo.test');

		const views: MeetingView[] = [];
		const facilitatorCookie = await signIn(board, 'facilitator@demo.test');
		const meetingPage = await connectSocket(board, facilitatorCookie, {
			listen: (s) => s.on('meeting:view:v1', (view) => views.push(view))
		});
		sockets.push(meetingPage);
		const workgroup = demoMeetings(board.databasePath).workgroup;
		const joined = await meetingPage.emitWithAck('meeting:join:v1', { meetingId: workgroup });
		if (!joined.ok) throw new Error(joined.message);
		const flaggedBefore = joined.data.flaggedNotOnAgenda ?? 0;

		const sergeant = await signIn(board, 'sergeant@demo.test');
		const reply = await postAction(board, sergeant, '/meetings/flags?/flag', { participantId });
		expect(reply.type).toBe('success');

		const change = await waitFor(
			() =>
				caseManager.changes.find(
					(c) => c.card.participantId === participantId && c.kind === 'participant.flag'
				),
			{ message: 'the flag on the case manager board' }
		);
		expect(change.by).toEqual({ name: 'Maria Keller', agencyKind: 'police' });
		const view = await waitFor(() => views.at(-1), { message: 'a fresh view on the open meeting page' });
		expect(view.meeting.meetingId).toBe(workgroup);
		expect(view.flaggedNotOnAgenda).toBe(flaggedBefore + 1);
		expect(caseManager.cards.get(participantId)?.flags).toContain('flagged_for_discussion');
	});

	it('is refused for a role outside the workgroup, on record as denied, and reaches nobody', async () => {
		const officer = await liveBoard('officer@demo.test');
		const referred = await officer.socket.emitWithAck('board:mutate:v1', {
			op: 'referral.create',
			input: newReferral('Flag Refused')
		});
		if (!referred.ok) throw new Error(referred.message);
		const { participantId } = referred.data;
		const seqBefore = officer.seq;
		const pcg = await signIn(board, 'pcg@demo.test');
		const reply = await postAction(board, pcg, '/meetings/flags?/flag', { participantId });
		expect(reply).toMatchObject({ type: 'failure', status: 403 });
		const denied = auditRows('meeting.write').filter(
			(r) => r.outcome === 'denied' && r.object_id === participantId
		);
		expect(denied).toHaveLength(1);
		// A later change by the officer arrives; nothing about the refused flag came before it.
		const posted = await officer.socket.emitWithAck('board:mutate:v1', {
			op: 'contact.add',
			input: {
				participantId,
				kind: 'police_social_contact',
				occurredAt: new Date().toISOString(),
				note: 'Seen.'
			}
		});
		expect(posted.ok).toBe(true);
		await waitFor(() =>
			officer.changes.find((c) => c.kind === 'contact.add' && c.card.participantId === participantId)
		);
		expect(officer.changes.filter((c) => c.seq > seqBefore).map((c) => c.kind)).toEqual(['contact.add']);
	});
});

describe('account administration', () => {
	it('records the address an administrator’s change came from', async () => {
		const admin = await signIn(board, 'admin@demo.test');
		const db = new Database(board.databasePath, { readonly: true });
		const target = db.prepare("select id from user where email = 'evaluator@demo.test'").get() as {
			id: string;
		};
		db.close();
		const reply = await postAction(board, admin, '/admin/users?/disable', { userId: target.id });
		expect(reply.type).toBe('success');
		const [entry] = auditRows('account.disabled');
		expect(entry).toMatchObject({ object_id: target.id, outcome: 'success' });
		expect(entry.source_address).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
	});
});
