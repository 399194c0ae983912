/**
 * The abusive client of `npm run bench:fairness`, in a process of its own so that its loop never
 * stalls the ordinary clients' clocks: one signed-in person who sends bursts of the most
 * expensive reads there are (catch-ups from the start of the log, roster reloads) and sends the
 * next burst as soon as the last is answered, refusals included. Closed by the server, it opens a
 * new socket at once (with the same session) and goes on. Driven over IPC:
 * `start` begins, `stop` ends after the burst in flight and answers with what was refused.
 */
import { connectSocket, type TestSocket } from '../../tests/helpers/board';

const CATCH_UPS = 280;
const ROSTERS = 20;
const ACK_TIMEOUT_MS = 15_000;

export interface AbuserCounts {
	sent: number;
	answered: number;
	/** Refusals by code (`rate_limited`, `busy`, …), and `no_ack` for a timeout. */
	refused: Record<string, number>;
	disconnects: number;
	/** New sockets the server refused to open. */
	handshakesRefused: number;
}

type Command = { type: 'start' } | { type: 'stop' } | { type: 'close' };

const counts: AbuserCounts = { sent: 0, answered: 0, refused: {}, disconnects: 0, handshakesRefused: 0 };
let running: Promise<void> | null = null;
let stopping = false;

function request(socket: TestSocket, event: 'board:catchup:v1' | 'board:roster:v1'): Promise<void> {
	counts.sent += 1;
	const payload = event === 'board:catchup:v1' ? { afterSeq: 0 } : {};
	return new Promise((resolve) => {
		socket
			.timeout(ACK_TIMEOUT_MS)
			.emit(event as 'board:catchup:v1', payload as { afterSeq: number }, (error, reply) => {
				const code = error ? 'no_ack' : reply.ok ? null : reply.code;
				if (code) counts.refused[code] = (counts.refused[code] ?? 0) + 1;
				else counts.answered += 1;
				resolve();
			});
	});
}

async function abuse(connect: () => Promise<TestSocket>): Promise<void> {
	let socket = await connect();
	while (!stopping) {
		if (!socket.connected) {
			socket.close();
			socket = await connect();
			continue;
		}
		const burst: Promise<void>[] = [];
		for (let i = 0; i < CATCH_UPS; i++) burst.push(request(socket, 'board:catchup:v1'));
		for (let i = 0; i < ROSTERS; i++) burst.push(request(socket, 'board:roster:v1'));
		// Closed mid-burst, it does not wait for answers that will never come.
		const closed = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
		await Promise.race([Promise.all(burst), closed]);
	}
	socket.close();
}

async function main(): Promise<void> {
	const origin = process.env.BENCH_ORIGIN!;
	const cookie = process.env.BENCH_COOKIE!;
	/** A new socket as soon as the server lets one open; each refusal is counted and tried again. */
	const connect = async (): Promise<TestSocket> => {
		for (;;) {
			try {
				const socket = await connectSocket({ origin }, cookie);
				socket.on('disconnect', () => (counts.disconnects += 1));
				return socket;
			} catch {
				counts.handshakesRefused += 1;
				if (stopping) throw new Error('stopped while refused');
			}
		}
	};
	process.on('message', (command: Command) => {
		if (command.type === 'start' && !running) {
			stopping = false;
			running = abuse(connect).catch(() => undefined);
		} else if (command.type === 'stop') {
			stopping = true;
			void (running ?? Promise.resolve()).then(() => {
				running = null;
				process.send!({ type: 'stopped', counts });
			});
		} else if (command.type === 'close') {
			process.disconnect();
		}
	});
	process.send!({ type: 'ready' });
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
