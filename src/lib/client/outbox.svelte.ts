/**
 * Changes made on this device that the server has not acknowledged yet. While the connection is
 * down they wait (the strip counts them) and are kept, encrypted, on the device, so a reload
 * does not lose them; on reconnect each is sent with the idempotency key it was given when made,
 * so a retry never applies twice. A refusal (a conflict carries the record's current value) is
 * kept for the person to read and dismiss: a change is never dropped without a word.
 */
import type { BoardOperation, MutationReply } from '$lib/shared/board-events';
import type { Ack } from '$lib/shared/errors';
import { nowIso } from './format';
import type { BoardSocket, LiveConnection } from './live.svelte';
import type { KeptChange, OutboxStore } from './outbox-store';

interface Pending extends KeptChange {
	resolve?: (reply: Ack<MutationReply>) => void;
	/** The connection it was last sent on; sent again on a later one, or when no answer came. */
	sentOn: number | null;
	/** Counts its sendings: only the latest one's silence sends it again. */
	sendings: number;
}

/** What the person is told about a change the board refused. */
export type Refusal = KeptChange & { refused: NonNullable<KeptChange['refused']> };

/** A change as it is made: what it is called, and the record it is about. */
export interface ChangeLabel {
	label: string;
	participantId: string | null;
}

/** How long a sent change waits for the board's answer before it is sent again. */
const ACK_TIMEOUT_MS = 10_000;

const OP_WORDS: Partial<Record<BoardOperation, string>> = {
	'contact.add': 'Contact',
	'update.post': 'Update',
	'status.change': 'Status change'
};

/** "Contact · KC-0101": a change as the strip and a refusal name it. */
export function changeLabel(op: BoardOperation, code: string): string {
	return `${OP_WORDS[op] ?? 'Change'} · ${code}`;
}

export class Outbox {
	#pending = $state<Pending[]>([]);
	#refusals = $state<Refusal[]>([]);
	#live: LiveConnection;
	#store: OutboxStore | null = null;
	/** Counts the socket's connections: a change sent on an earlier one may never be answered. */
	#connection = 0;
	readonly #ackTimeoutMs: number;

	constructor(live: LiveConnection, { ackTimeoutMs = ACK_TIMEOUT_MS }: { ackTimeoutMs?: number } = {}) {
		this.#live = live;
		this.#ackTimeoutMs = ackTimeoutMs;
	}

	get count() {
		return this.#pending.length;
	}
	/** Changes the board refused, each with its reason and, for a conflict, the current value. */
	get refusals() {
		return this.#refusals;
	}

	/**
	 * Keeps changes in `store` from now on, and takes back those a reload left there (sent as soon
	 * as the connection is up). Answers once they are back.
	 */
	async keepIn(store: OutboxStore): Promise<void> {
		this.#store = store;
		const kept = await store.load();
		const known = this.#pending.map((p) => p.key);
		for (const change of kept) {
			if (known.includes(change.key)) continue;
			if (change.refused) this.#refusals = [...this.#refusals, change as Refusal];
			else this.#pending = [...this.#pending, { ...change, sentOn: null, sendings: 0 }];
		}
		const socket = this.#live.socket;
		if (socket?.connected) this.#flush(socket);
	}

	/** Starts sending on every (re)connect; returns the function that stops. */
	attach(): () => void {
		const socket = this.#live.connect();
		const connected = () => {
			this.#connection += 1;
			this.#flush(socket);
		};
		socket.on('connect', connected);
		if (socket.connected) connected();
		return () => socket.off('connect', connected);
	}

	async send(
		op: BoardOperation,
		input: Record<string, unknown>,
		key: string = crypto.randomUUID(),
		about: ChangeLabel = { label: op, participantId: null }
	): Promise<Ack<MutationReply>> {
		const change: KeptChange = { key, op, input, ...about, madeAt: nowIso() };
		// Kept before it is counted: a reload from now on finds it.
		await this.#store?.save(change);
		return new Promise((resolve) => {
			this.#pending = [...this.#pending, { ...change, resolve, sentOn: null, sendings: 0 }];
			const socket = this.#live.socket;
			if (socket?.connected) this.#flush(socket);
		});
	}

	/** The person has read the refusal: it leaves the device. */
	dismiss(key: string): void {
		this.#refusals = this.#refusals.filter((r) => r.key !== key);
		void this.#store?.remove(key);
	}

	/** Sends what has not been sent on this connection yet. */
	#flush(socket: BoardSocket): void {
		for (const item of this.#pending.filter((p) => p.sentOn !== this.#connection)) {
			void this.#deliver(socket, item);
		}
	}

	async #deliver(socket: BoardSocket, item: Pending): Promise<void> {
		item.sentOn = this.#connection;
		const sending = ++item.sendings;
		let reply: Ack<MutationReply>;
		try {
			reply = await socket
				.timeout(this.#ackTimeoutMs)
				.emitWithAck('board:mutate:v1', { op: item.op, input: item.input, idempotencyKey: item.key });
		} catch {
			// No answer: sent again now if the socket is up (its key keeps it from applying twice),
			// otherwise on the next connect.
			if (item.sendings !== sending) return;
			item.sentOn = null;
			if (socket.connected) this.#flush(socket);
			return;
		}
		// A change sent twice is answered twice: the first answer settles it.
		if (!this.#pending.some((p) => p.key === item.key)) return;
		this.#pending = this.#pending.filter((p) => p.key !== item.key);
		const { resolve, sentOn: _sentOn, sendings: _sendings, ...change } = item;
		if (reply.ok) {
			await this.#store?.remove(item.key);
		} else {
			const refusal: Refusal = {
				...change,
				refused: { code: reply.code, message: reply.message, current: reply.current }
			};
			this.#refusals = [...this.#refusals, refusal];
			await this.#store?.save(refusal);
		}
		resolve?.(reply);
	}
}
