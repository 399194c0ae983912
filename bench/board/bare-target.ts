/**
 * The yardstick as a benchmark target: the same number of clients on a bare socket.io server
 * (bench/board/bare-server.ts), one of them emitting the board's own card change at the same rate,
 * the server broadcasting each to the room, everyone else timing it the same way.
 */
import { io as ioClient, type Socket } from 'socket.io-client';
import { Fleet } from './fleet';
import type { Send } from './mutator';
import type { BenchOptions } from './options';
import { startProcess, type BenchProcess } from './processes';
import { connectMeasured, type Target } from './target';

const ACK_TIMEOUT_MS = 10_000;

export async function startBareTarget(o: BenchOptions, sample: unknown): Promise<Target> {
	let server: BenchProcess | null = null;
	const fleet = new Fleet(o.processes);
	const close = async () => {
		await fleet.close();
		await server?.stop();
	};
	try {
		server = await startProcess('bench/board/bare-server.ts', {}, /"event":"bare\.started".*"port":(\d+)/);
		const url = `http://127.0.0.1:${server.port}`;
		// One connection first, as the board's warm-up does, so loading code is not counted per socket.
		(await connect(url)).close();
		const cookies = new Array<null>(o.clients - 1).fill(null);
		const { cost, value: socket } = await connectMeasured(server, fleet, { url, kind: 'bare' }, cookies, () =>
			connect(url)
		);
		return {
			name: 'bare',
			server,
			fleet,
			cost,
			send: bareSend(socket, sample),
			async close() {
				socket.close();
				await close();
			}
		};
	} catch (error) {
		await close();
		throw error;
	}
}

function bareSend(socket: Socket, change: unknown): Send {
	return (i, done) => {
		socket
			.timeout(ACK_TIMEOUT_MS)
			.emit('mutate', { seq: i, change }, (error: Error | null, reply: { seq: number }) => {
				if (error) done({ error: 'no_ack' });
				else done({ seq: reply.seq });
			});
	};
}

function connect(url: string): Promise<Socket> {
	const socket = ioClient(url, { transports: ['websocket'], reconnection: false, forceNew: true });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (error) => {
			socket.close();
			reject(error);
		});
	});
}
