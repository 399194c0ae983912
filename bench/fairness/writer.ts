/**
 * The one person who changes the board in `npm run bench:fairness`: posts updates, police
 * contacts and now and then a referral at a modest fixed rate (open loop: it never waits for an
 * answer before the next), and keeps each acknowledged change's seq with the moment it was sent.
 */
import type { ParticipantCard } from '../../src/lib/shared/board-events';
import { connectSocket, type TestSocket } from '../../tests/helpers/board';
import { boardMutation } from '../board/board-target';
import { now } from '../board/stats';

const ACK_TIMEOUT_MS = 15_000;
const PARTICIPANTS = 6;

export class Writer {
	/** Send time of every acknowledged change, by its seq. */
	readonly sentAt = new Map<number, number>();
	readonly refused: Record<string, number> = {};
	#timer: NodeJS.Timeout | null = null;
	#pending = 0;
	#next = 0;

	private constructor(
		readonly socket: TestSocket,
		readonly participants: string[]
	) {}

	static async connect(origin: string, cookie: string): Promise<Writer> {
		const socket = await connectSocket({ origin }, cookie);
		const roster = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('board:roster:v1', {});
		if (!roster.ok) throw new Error(`the writer's roster was refused: ${roster.code}`);
		const cards: ParticipantCard[] = roster.data.roster.cards;
		const enrolled = cards.filter((c) => c.status === 'enrolled');
		const ids = (enrolled.length >= PARTICIPANTS ? enrolled : cards).slice(0, PARTICIPANTS);
		return new Writer(
			socket,
			ids.map((c) => c.participantId)
		);
	}

	start(rate: number): void {
		this.#timer = setInterval(() => this.#send(), 1000 / rate);
	}

	/** Stops sending and waits (boundedly) for the answers still out. */
	async stop(): Promise<void> {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		const deadline = now() + ACK_TIMEOUT_MS;
		while (this.#pending > 0 && now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
	}

	#send(): void {
		const sent = now();
		this.#pending += 1;
		const mutation = boardMutation(this.#next++, this.participants, `fair${process.pid}`);
		this.socket.timeout(ACK_TIMEOUT_MS).emit('board:mutate:v1', mutation, (error, reply) => {
			this.#pending -= 1;
			if (!error && reply.ok) this.sentAt.set(reply.data.seq, sent);
			else {
				const code = error ? 'no_ack' : reply.ok ? 'ok' : reply.code;
				this.refused[code] = (this.refused[code] ?? 0) + 1;
			}
		});
	}

	close(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.socket.close();
	}
}
