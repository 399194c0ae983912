/**
 * The receiving clients, spread over a few child processes (bench/receivers.ts): connect them,
 * then gather every receipt against the mutations' send times.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ROOT } from './processes';

const RECEIVERS = fileURLToPath(new URL('./receivers.ts', import.meta.url));
const REPLY_TIMEOUT_MS = 120_000;
const CLOSE_TIMEOUT_MS = 5_000;

export interface Target {
	url: string;
	/** 'board': the board's live events; 'bare': the bare server's `card` broadcast. */
	kind: 'board' | 'bare';
}

export type FleetCommand =
	| { type: 'connect'; target: Target; cookies: (string | null)[] }
	| { type: 'collect'; sent: [number, number][]; waitMs: number }
	| { type: 'mark' }
	| { type: 'close' };

export type FleetReply =
	| { type: 'connected'; count: number; errors: string[]; cpuSeconds: number }
	| { type: 'marked'; cpuSeconds: number }
	| {
			type: 'result';
			latencies: number[];
			lost: number;
			duplicates: number;
			meanPayloadBytes: number;
			cpuSeconds: number;
	  }
	| { type: 'failed'; error: string };

type Result = Extract<FleetReply, { type: 'result' }>;

export interface FleetResult {
	latencies: Float64Array;
	lost: number;
	duplicates: number;
	meanPayloadBytes: number;
	cpuSeconds: number;
}

function reply<T extends FleetReply['type']>(
	child: ChildProcess,
	type: T
): Promise<Extract<FleetReply, { type: T }>> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => done(new Error(`receivers: no '${type}' reply`)), REPLY_TIMEOUT_MS);
		const onMessage = (message: FleetReply) => {
			if (message.type === 'failed') done(new Error(`receivers failed: ${message.error}`));
			else if (message.type === type) done(null, message as Extract<FleetReply, { type: T }>);
		};
		const onExit = (code: number | null) => done(new Error(`receivers exited with ${code}`));
		function done(error: Error | null, value?: Extract<FleetReply, { type: T }>) {
			clearTimeout(timer);
			child.off('message', onMessage);
			child.off('exit', onExit);
			if (error) reject(error);
			else resolve(value!);
		}
		child.on('message', onMessage);
		child.once('exit', onExit);
	});
}

export class Fleet {
	readonly #children: ChildProcess[];

	constructor(processes: number) {
		this.#children = Array.from({ length: processes }, () =>
			fork(RECEIVERS, [], {
				cwd: ROOT,
				execArgv: ['--import', 'tsx'],
				stdio: ['ignore', 'inherit', 'inherit', 'ipc']
			})
		);
	}

	/** CPU seconds the receiver processes had used when the run began, so a run counts only its own. */
	#cpuAtStart = 0;

	/** Connects one receiver per cookie (null: no cookie), dealt round-robin over the processes. */
	async connect(target: Target, cookies: (string | null)[]): Promise<void> {
		const shares = this.#children.map((_, i) => cookies.filter((_c, j) => j % this.#children.length === i));
		const replies = await this.#ask('connected', (i) => ({ type: 'connect', target, cookies: shares[i] }));
		const count = replies.reduce((n, r) => n + r.count, 0);
		this.#cpuAtStart = replies.reduce((n, r) => n + r.cpuSeconds, 0);
		if (count !== cookies.length) {
			throw new Error(
				`connected ${count} of ${cookies.length} receivers: ${replies.flatMap((r) => r.errors).join('; ')}`
			);
		}
	}

	/** The measured run begins now (after a warm-up): the receivers' CPU counts from here. */
	async markStart(): Promise<void> {
		const replies = await this.#ask('marked', () => ({ type: 'mark' }));
		this.#cpuAtStart = replies.reduce((n, r) => n + r.cpuSeconds, 0);
	}

	/** `sent`: [seq, send time in monotonic ms] of every acknowledged mutation. */
	async collect(sent: [number, number][], waitMs: number): Promise<FleetResult> {
		const results: Result[] = await this.#ask('result', () => ({ type: 'collect', sent, waitMs }));
		const total = results.reduce((n, r) => n + r.latencies.length, 0);
		const latencies = new Float64Array(total);
		let at = 0;
		for (const r of results) {
			latencies.set(r.latencies, at);
			at += r.latencies.length;
		}
		const sum = (f: (r: Result) => number) => results.reduce((n, r) => n + f(r), 0);
		const sized = results.filter((r) => r.meanPayloadBytes > 0);
		return {
			latencies,
			lost: sum((r) => r.lost),
			duplicates: sum((r) => r.duplicates),
			meanPayloadBytes: sized.length ? sized.reduce((n, r) => n + r.meanPayloadBytes, 0) / sized.length : 0,
			cpuSeconds: sum((r) => r.cpuSeconds) - this.#cpuAtStart
		};
	}

	/** Sends each child process its command and waits for every one's `type` reply. */
	#ask<T extends FleetReply['type']>(type: T, command: (child: number) => FleetCommand) {
		return Promise.all(
			this.#children.map((child, i) => {
				const answer = reply(child, type);
				child.send(command(i));
				return answer;
			})
		);
	}

	async close(): Promise<void> {
		await Promise.all(
			this.#children.map(
				(child) =>
					new Promise<void>((resolve) => {
						if (child.exitCode !== null || !child.connected) return resolve();
						const force = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
						child.once('exit', () => {
							clearTimeout(force);
							resolve();
						});
						child.send({ type: 'close' } satisfies FleetCommand);
					})
			)
		);
	}
}
