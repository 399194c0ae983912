/**
 * The ordinary people of `npm run bench:fairness`: each a signed-in socket of a distinct account
 * that receives every board change and, every few seconds, catches up from its last change (every
 * fourth time it reloads the roster instead), as an open board does. Every sample is kept with the
 * moment it began, so the bench can split them by phase afterwards.
 */
import { connectSocket, type TestSocket } from '../../tests/helpers/board';
import { now } from '../board/stats';

const ACK_TIMEOUT_MS = 15_000;
const ROSTER_EVERY = 4;

/** A timed read: when it was sent, how long its answer took, and its refusal code if refused. */
export interface Read {
	at: number;
	ms: number;
	code: string | null;
}

export class OrdinaryClients {
	/** [seq, arrival] of every board change any client received. */
	readonly receipts: [number, number][] = [];
	readonly reads: Read[] = [];
	dropped = 0;
	readonly #sockets: TestSocket[];
	readonly #seq: number[];
	#timers: NodeJS.Timeout[] = [];
	#closing = false;

	private constructor(sockets: TestSocket[]) {
		this.#sockets = sockets;
		this.#seq = sockets.map(() => 0);
	}

	static async connect(origin: string, cookies: string[]): Promise<OrdinaryClients> {
		const clients = new OrdinaryClients([]);
		for (const cookie of cookies) {
			const index = clients.#sockets.length;
			const socket = await connectSocket({ origin }, cookie, {
				listen: (s) => {
					s.on('board:card:v1', ({ seq }) => {
						clients.receipts.push([seq, now()]);
						clients.#seq[index] = Math.max(clients.#seq[index] ?? 0, seq);
					});
					s.on('disconnect', () => {
						if (!clients.#closing) clients.dropped += 1;
					});
				}
			});
			clients.#sockets.push(socket);
			clients.#seq[index] ??= 0;
		}
		return clients;
	}

	get count(): number {
		return this.#sockets.length;
	}

	/** Each client reads every `everyMs`, their turns spread evenly over that time. */
	startReading(everyMs: number): void {
		this.#sockets.forEach((socket, i) => {
			let turn = 0;
			const first = setTimeout(
				() => {
					this.#read(socket, i, turn++);
					this.#timers.push(setInterval(() => this.#read(socket, i, turn++), everyMs));
				},
				(everyMs * i) / this.#sockets.length
			);
			this.#timers.push(first);
		});
	}

	stopReading(): void {
		for (const timer of this.#timers) clearTimeout(timer);
		this.#timers = [];
	}

	#read(socket: TestSocket, index: number, turn: number): void {
		const at = now();
		const done = (code: string | null) => this.reads.push({ at, ms: now() - at, code });
		const timed = socket.timeout(ACK_TIMEOUT_MS);
		if (turn % ROSTER_EVERY === ROSTER_EVERY - 1) {
			timed.emit('board:roster:v1', {}, (error, reply) =>
				done(error ? 'no_ack' : reply.ok ? null : reply.code)
			);
		} else {
			timed.emit('board:catchup:v1', { afterSeq: this.#seq[index] }, (error, reply) =>
				done(error ? 'no_ack' : reply.ok ? null : reply.code)
			);
		}
	}

	close(): void {
		this.#closing = true;
		this.stopReading();
		for (const socket of this.#sockets) socket.close();
	}
}
