/**
 * The yardstick: a bare socket.io server (no auth, no persistence, no redaction) on 127.0.0.1 and
 * port 0. Every client joins one room; a `mutate` is broadcast to the room as it came and acked.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const ROOM = 'board';
const http = createServer();
const io = new Server(http, { serveClient: false });

io.on('connection', (socket) => {
	void socket.join(ROOM);
	socket.on('mutate', (payload: { seq: number }, ack: (reply: { ok: true; seq: number }) => void) => {
		io.to(ROOM).emit('card', payload);
		ack({ ok: true, seq: payload.seq });
	});
});

http.listen(0, '127.0.0.1', () => {
	console.log(JSON.stringify({ event: 'bare.started', port: (http.address() as AddressInfo).port }));
});

process.on('SIGTERM', () => {
	io.close().then(
		() => process.exit(0),
		() => process.exit(1)
	);
});
