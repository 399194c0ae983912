import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { WriteBatch } from '../../server/realtime/yjs/write-batch';

/** A socket that records each write it is given: one entry per write, the frames in it. */
function recordingSocket() {
	const writes: string[][] = [];
	const socket = new Duplex({
		read() {},
		write(chunk: Buffer, _encoding, done) {
			writes.push([chunk.toString()]);
			done();
		},
		writev(chunks, done) {
			writes.push(chunks.map(({ chunk }) => (chunk as Buffer).toString()));
			done();
		}
	});
	return { socket, writes };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('one write per socket per turn (the notes fan-out)', () => {
	it('sends the frames of one turn in one write, in the order they were sent', async () => {
		const batch = new WriteBatch();
		const { socket, writes } = recordingSocket();
		for (const frame of ['update 1', 'update 2', 'update 3']) {
			batch.hold(socket);
			socket.write(frame);
		}
		expect(writes).toEqual([]);
		await nextTurn();
		expect(writes).toEqual([['update 1', 'update 2', 'update 3']]);
	});

	it('lets nothing wait past its turn: a frame sent in the next turn is a write of its own', async () => {
		const batch = new WriteBatch();
		const { socket, writes } = recordingSocket();
		batch.hold(socket);
		socket.write('first');
		await nextTurn();
		batch.hold(socket);
		socket.write('second');
		await nextTurn();
		expect(writes).toEqual([['first'], ['second']]);
	});

	it('gives every peer of the room its own write, and leaves no socket held after the turn', async () => {
		const batch = new WriteBatch();
		const peers = [recordingSocket(), recordingSocket()];
		for (const frame of ['a', 'b']) {
			for (const { socket } of peers) {
				batch.hold(socket);
				socket.write(frame);
			}
		}
		await nextTurn();
		for (const { socket, writes } of peers) {
			expect(writes).toEqual([['a', 'b']]);
			socket.write('unheld');
			expect(writes).toEqual([['a', 'b'], ['unheld']]);
		}
	});

	it('does not hold a socket that has been ended', async () => {
		const batch = new WriteBatch();
		const { socket, writes } = recordingSocket();
		socket.end('goodbye');
		batch.hold(socket);
		await nextTurn();
		expect(writes).toEqual([['goodbye']]);
		expect(socket.writableCorked).toBe(0);
	});
});
