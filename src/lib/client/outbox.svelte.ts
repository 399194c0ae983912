/**
 * Changes made in this tab that the server has not acknowledged yet. While the connection is
 * down they wait (the strip counts them); on reconnect each is sent with the idempotency key it
 * was given when made, so a retry never applies twice. A refusal is kept for the person to read.
 */
import type { BoardOperation, MutationReply } from '$lib/shared/board-events';
import type { Ack } from '$lib/shared/errors';
import type { BoardSocket, LiveConnection } from './live.svelte';

interface Pending {
	key: string;
	op: BoardOperation;
	input: Record<string, unknown>;
	resolve: (reply: Ack<MutationReply>) => void;
	inFlight: boolean;
}

const ACK_TIMEOUT_MS = 10_000;

export class Outbox {
	#pending = $state<Pending[]>([]);
	#failures = $state<string[]>([]);
	#live: LiveConnection;

	constructor(live: LiveConnection) {
		this.#live = live;
	}

	get count() {
		return this.#pending.length;
	}
	get failures() {
		return this.#failures;
	}

	/** Starts sending on every (re)connect; returns the function that stops. */
	attach(): () => void {
		const socket = this.#live.connect();
		const flush = () => this.#flush(socket);
		socket.on('connect', flush);
		if (socket.connected) flush();
		return () => socket.off('connect', flush);
	}

	send(
		op: BoardOperation,
		input: Record<string, unknown>,
		key: string = crypto.randomUUID()
	): Promise<Ack<MutationReply>> {
		return new Promise((resolve) => {
			this.#pending = [...this.#pending, { key, op, input, resolve, inFlight: false }];
			const socket = this.#live.socket;
			if (socket?.connected) this.#flush(socket);
		});
	}

	dismissFailures(): void {
		this.#failures = [];
	}

	#flush(socket: BoardSocket): void {
		for (const item of this.#pending.filter((p) => !p.inFlight)) void this.#deliver(socket, item);
	}

	async #deliver(socket: BoardSocket, item: Pending): Promise<void> {
		item.inFlight = true;
		let reply: Ack<MutationReply>;
		try {
			reply = await socket
				.timeout(ACK_TIMEOUT_MS)
				.emitWithAck('board:mutate:v1', { op: item.op, input: item.input, idempotencyKey: item.key });
		} catch {
			item.inFlight = false; // no answer: it waits and is sent again on the next connect
			return;
		}
		this.#pending = this.#pending.filter((p) => p.key !== item.key);
		if (!reply.ok) this.#failures = [...this.#failures, reply.message];
		item.resolve(reply);
	}
}
