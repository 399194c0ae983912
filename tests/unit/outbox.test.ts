/**
 * The outbox in the browser, on a real socket.io connection over loopback: a change the board did
 * not answer is sent again (same idempotency key) while the connection stays up, and a change in
 * flight when the connection dropped is sent again on the next one, so nothing made offline waits
 * for a reconnect that may never come.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveConnection } from '../../src/lib/client/live.svelte';
import { Outbox } from '../../src/lib/client/outbox.svelte';

interface Delivery {
	key: string;
	socketId: string;
}

/** The board's side: it hears each `board:mutate:v1` and `respond` decides what it does with it. */
async function boardAnswering(
	respond: (socket: ServerSocket, ack: (reply: unknown) => void, nth: number) => void
) {
	const http: HttpServer = createServer();
	const server = new Server(http);
	const deliveries: Delivery[] = [];
	server.on('connection', (socket) => {
		socket.on('board:mutate:v1', (payload: { idempotencyKey: string }, ack: (reply: unknown) => void) => {
			deliveries.push({ key: payload.idempotencyKey, socketId: socket.id });
			respond(socket, ack, deliveries.length);
		});
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const { port } = http.address() as AddressInfo;
	const client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnectionDelay: 50 });
	const live = { connect: () => client, socket: client } as unknown as LiveConnection;
	stops.push(async () => {
		client.disconnect();
		await server.close();
	});
	return { live, deliveries };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const stop of stops.splice(0)) await stop();
});

const stored = { ok: true, data: { participantId: 'p1', seq: 7 } };
const contact = { participantId: 'p1', method: 'in_person', note: 'Met at the day centre' };

describe('a change the board has not answered', () => {
	it('is sent again with the same key while the connection stays up', async () => {
		// The first delivery is never answered (lost on the way back); the second is.
		const { live, deliveries } = await boardAnswering((_socket, ack, nth) => {
			if (nth > 1) ack(stored);
		});
		const outbox = new Outbox(live, { ackTimeoutMs: 200 });
		outbox.attach();

		const reply = await outbox.send('contact.add', contact, 'key-1');

		expect(reply).toEqual(stored);
		expect(deliveries.map((d) => d.key)).toEqual(['key-1', 'key-1']);
		expect(new Set(deliveries.map((d) => d.socketId)).size).toBe(1);
		expect(outbox.count).toBe(0);
		expect(outbox.refusals).toEqual([]);
	});

	it('is sent again on the next connection when the one it went out on dropped', async () => {
		// The first delivery arrives as the connection breaks, unanswered; the wait for an answer is
		// far longer than the test, so only the new connection can bring it back.
		const { live, deliveries } = await boardAnswering((socket, ack, nth) => {
			if (nth === 1) socket.conn.close();
			else ack(stored);
		});
		const outbox = new Outbox(live, { ackTimeoutMs: 60_000 });
		outbox.attach();

		const reply = await outbox.send('contact.add', contact, 'key-2');

		expect(reply).toEqual(stored);
		expect(deliveries.map((d) => d.key)).toEqual(['key-2', 'key-2']);
		expect(deliveries[0].socketId).not.toBe(deliveries[1].socketId);
		expect(outbox.count).toBe(0);
	});

	it('is settled by the answer to the sending that came in time, a refusal kept for the person', async () => {
		// The first answer comes after the wait is over: the change goes out again, and that answer counts.
		const { live, deliveries } = await boardAnswering((_socket, ack, nth) => {
			if (nth === 1) setTimeout(() => ack(stored), 300);
			else ack({ ok: false, code: 'conflict', message: 'Someone changed it first.' });
		});
		const outbox = new Outbox(live, { ackTimeoutMs: 100 });
		outbox.attach();

		const reply = await outbox.send('contact.add', contact, 'key-3');

		expect(deliveries.map((d) => d.key)).toEqual(['key-3', 'key-3']);
		expect(reply.ok).toBe(false);
		expect(outbox.count).toBe(0);
		expect(outbox.refusals.map((r) => r.key)).toEqual(['key-3']);
	});
});
