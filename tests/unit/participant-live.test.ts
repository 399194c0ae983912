/**
 * An open participant page, on a real socket.io connection over long polling (how every
 * connection starts): when the answer to the page's watch and a change pushed right after it
 * arrive in one response, the page keeps the pushed change, not the older answer.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { afterEach, expect, it } from 'vitest';
import type { LiveConnection } from '../../src/lib/client/live.svelte';
import { ParticipantLive } from '../../src/lib/client/participant.svelte';
import type { ParticipantDetail } from '../../src/lib/shared/board-events';
import { waitFor } from '../helpers/wait';

const PARTICIPANT = 'p-0101';
/** A detail told apart by its one update's text. */
const detail = (update: string) =>
	({
		card: { participantId: PARTICIPANT, code: 'KC-0101' },
		updates: [{ body: update }]
	}) as unknown as ParticipantDetail;
const latestUpdate = (record: ParticipantLive) => (record.detail.updates[0] as { body: string }).body;

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const stop of stops.splice(0)) await stop();
});

it('keeps a change pushed right after the watch was answered, when both arrive together', async () => {
	const http = createServer();
	const server = new Server(http);
	server.on('connection', (socket) => {
		socket.on('participant:watch:v1', (_payload: unknown, ack: (reply: unknown) => void) => {
			// The poll waiting now carries this first packet; the answer and the change that follows it
			// wait for the next poll, and arrive in one response.
			socket.emit('presence:v1', []);
			ack({ ok: true, data: detail('Read when the page asked') });
			socket.emit('participant:detail:v1', { detail: detail('Changed just after'), seq: 2, by: null });
		});
		socket.on('test:settled', (ack: () => void) => ack());
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
		transports: ['polling']
	});
	stops.push(async () => {
		client.disconnect();
		await server.close();
	});
	const live = { connect: () => client } as unknown as LiveConnection;
	const record = new ParticipantLive(live, detail('Served with the page'));

	record.attach(PARTICIPANT);
	await waitFor(() => latestUpdate(record) === 'Changed just after', {
		timeout: 2_000,
		message: 'the pushed change to reach the page'
	});
	// Everything the server sent before this answer has been handled, the watch's answer included.
	await (client as unknown as { emitWithAck: (event: string) => Promise<void> }).emitWithAck('test:settled');

	expect(latestUpdate(record)).toBe('Changed just after');
});
