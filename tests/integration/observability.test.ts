/**
 * What an operator watches: `/health`, `/ready`, `/metrics` in Prometheus's format behind its
 * token, and a log in which every line (Better Auth's included) is one of the board's JSON lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yjsRooms } from '../../src/lib/shared/events';
import { signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { newReferral, openBoard } from '../helpers/board-client';
import { demoMeetings, openNotes } from '../helpers/notes';
import { waitFor } from '../helpers/wait';

const TOKEN = 'metrics-token-for-the-test-0123';
const CANARY = { email: 'canary.observer.41@nowhere.test', participant: 'Canarius Metricsworth' };

let board: TestBoard;
beforeAll(async () => {
	board = await startTestBoard({ METRICS_TOKEN: TOKEN });
});
afterAll(async () => {
	await board?.stop();
});

const scrape = (token?: string) =>
	fetch(`${board.origin}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

/** The value of one sample line, e.g. `lead_board_connections{channel="board"}`. */
function sample(text: string, name: string): number {
	const line = text.split('\n').find((l) => l.startsWith(`${name} `));
	return line ? Number(line.slice(name.length + 1)) : Number.NaN;
}

describe('health and readiness', () => {
	it('answers /health and /ready without a session', async () => {
		expect((await fetch(`${board.origin}/health`)).status).toBe(200);
		const ready = await fetch(`${board.origin}/ready`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toEqual({ ready: true });
	});
});

describe('/metrics', () => {
	it('asks for its token', async () => {
		expect((await scrape()).status).toBe(401);
		expect((await scrape('not-the-metrics-token-at-all')).status).toBe(401);
	});

	it('counts connections, events, acknowledgements, writes, notes rooms, lag and failed sign-ins', async () => {
		const failed = await fetch(`${board.origin}/api/auth/sign-in/email`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: board.origin },
			body: JSON.stringify({ email: CANARY.email, password: 'wrong-password-for-metrics' })
		});
		expect(failed.status).toBe(401);
		const officer = await openBoard(board, 'officer@demo.test');
		const reply = await officer.socket.emitWithAck('board:mutate:v1', {
			op: 'referral.create',
			input: newReferral(CANARY.participant)
		} as never);
		expect(reply.ok).toBe(true);
		// An event nobody listens for is counted as "other": a client cannot mint label values.
		(officer.socket as unknown as { emit(event: string): void }).emit('board:made-up:v1');
		// A socket's events are handled in order: once this one is answered, that one was counted.
		expect((await officer.socket.emitWithAck('presence:list:v1')).ok).toBe(true);
		const notes = openNotes(
			board,
			await signIn(board, 'facilitator@demo.test'),
			yjsRooms.meetingNotes(demoMeetings(board.databasePath).workgroup)
		);
		await waitFor(() => notes.provider.synced, { timeout: 10_000, message: 'notes synced' });
		notes.doc.getText('notes').insert(0, 'Counted in the metrics. ');

		const response = await scrape(TOKEN);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
		const text = await response.text();
		notes.destroy();
		officer.socket.close();

		expect(sample(text, 'lead_board_connections{channel="board"}')).toBeGreaterThanOrEqual(1);
		expect(sample(text, 'lead_board_connections{channel="notes"}')).toBeGreaterThanOrEqual(1);
		expect(sample(text, 'lead_board_socket_events_total{event="board:mutate:v1",outcome="ok"}')).toBe(1);
		expect(sample(text, 'lead_board_socket_events_total{event="other",outcome="no_ack"}')).toBe(1);
		expect(text).not.toContain('board:made-up:v1');
		expect(
			sample(text, 'lead_board_socket_ack_seconds_count{event="board:roster:v1"}')
		).toBeGreaterThanOrEqual(1);
		expect(sample(text, 'lead_board_db_write_seconds_count{command="referral.create"}')).toBe(1);
		expect(sample(text, 'lead_board_notes_rooms')).toBeGreaterThanOrEqual(1);
		expect(sample(text, 'lead_board_notes_document_bytes{stat="largest"}')).toBeGreaterThan(0);
		expect(sample(text, 'lead_board_sign_in_failures_total{reason="unknown_account"}')).toBe(1);
		expect(sample(text, 'lead_board_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
		expect(text).not.toContain(CANARY.email);
		expect(text).not.toContain(CANARY.participant);
	});
});

describe('the log', () => {
	it('holds only the board’s JSON lines, without the email or participant tried', () => {
		expect(board.logs.length).toBeGreaterThan(0);
		for (const line of board.logs) {
			const parsed = JSON.parse(line) as Record<string, unknown>;
			expect(parsed).toMatchObject({
				t: expect.any(String),
				level: expect.any(String),
				event: expect.any(String)
			});
		}
		expect(board.logs.join('\n')).not.toContain(CANARY.email);
		expect(board.logs.join('\n')).not.toContain(CANARY.participant);
	});
});
