/**
 * The one client that changes things: sends a mutation every 1/rate seconds on a fixed schedule
 * (open loop: it never waits for an ack before the next send) and records each acknowledged
 * change's seq with the moment it was sent. The board and the bare server take turns in blocks,
 * so both meet the same machine (a shared one is never quiet for long).
 */
import type { BenchOptions } from './options';
import type { Target } from './target';
import { now, sleep } from './stats';

/** Sends mutation `i`; calls `done` once with its seq when acknowledged, or with the refusal. */
export type Send = (i: number, done: (outcome: { seq: number } | { error: string }) => void) => void;

export interface MutationRun {
	/** [seq, send time] of every acknowledged mutation. */
	sent: [number, number][];
	failures: number;
	/** Refusal codes seen, with counts, for the report. */
	failureCodes: Record<string, number>;
	/** Send → ack, per acknowledged mutation. */
	ackLatencies: number[];
	/** Time spent sending (first send to last ack), summed over the blocks. */
	wallMs: number;
	/** The server's CPU seconds over the same blocks. */
	serverCpuSeconds: number;
	/** This (sending) process's CPU seconds over the same blocks. */
	senderCpuSeconds: number;
}

const ACK_WAIT_MS = 15_000;

const emptyRun = (): MutationRun => ({
	sent: [],
	failures: 0,
	failureCodes: {},
	ackLatencies: [],
	wallMs: 0,
	serverCpuSeconds: 0,
	senderCpuSeconds: 0
});

/** Mutations `first`…`first + count - 1` at `rate` per second, added to `run`. */
async function block(target: Target, run: MutationRun, first: number, count: number, rate: number) {
	const period = 1000 / rate;
	const serverCpu = target.server.cpuSeconds();
	const senderCpu = process.cpuUsage();
	let pending = 0;
	let lastAck = 0;
	const start = now();
	for (let i = 0; i < count; i++) {
		const wait = start + i * period - now();
		if (wait > 0) await sleep(wait);
		const sentAt = now();
		pending += 1;
		target.send(first + i, (outcome) => {
			pending -= 1;
			lastAck = now();
			if ('seq' in outcome) {
				run.sent.push([outcome.seq, sentAt]);
				run.ackLatencies.push(lastAck - sentAt);
			} else {
				run.failures += 1;
				run.failureCodes[outcome.error] = (run.failureCodes[outcome.error] ?? 0) + 1;
			}
		});
	}
	const deadline = now() + ACK_WAIT_MS;
	while (pending > 0 && now() < deadline) await sleep(5);
	if (pending > 0) {
		run.failures += pending;
		run.failureCodes.no_ack = (run.failureCodes.no_ack ?? 0) + pending;
	}
	run.wallMs += (lastAck || now()) - start;
	run.serverCpuSeconds += target.server.cpuSeconds() - serverCpu;
	const used = process.cpuUsage(senderCpu);
	run.senderCpuSeconds += (used.user + used.system) / 1e6;
}

/** `seconds × rate` mutations for each target, alternating targets every `blockSeconds`. */
/** Numbers no measured change uses (a bare change's number is its seq, a board change's its key). */
const WARM_UP_FIRST = 1_000_000;
/** The warm-up is not timed, so it may send faster than the measured rate. */
const WARM_UP_SPEEDUP = 3;

/**
 * `o.warmUp` changes on each target in turn, unmeasured, so each is then measured as a server that
 * has been running, with its hot code compiled, and not as a process that has just started. A
 * refused warm-up change stops the bench: it would measure a server that is not working. The
 * receivers' CPU is counted from the end of the warm-up.
 */
export async function warmUp(targets: Target[], o: BenchOptions): Promise<void> {
	if (o.warmUp === 0) return;
	for (const target of targets) {
		const run = emptyRun();
		await block(target, run, WARM_UP_FIRST, o.warmUp, o.rate * WARM_UP_SPEEDUP);
		if (run.failures) {
			throw new Error(`${target.name} refused warm-up changes: ${JSON.stringify(run.failureCodes)}`);
		}
	}
	await Promise.all(targets.map((target) => target.fleet.markStart()));
}

export async function runInterleaved(targets: Target[], o: BenchOptions): Promise<MutationRun[]> {
	const runs = targets.map(emptyRun);
	const total = Math.round(o.rate * o.seconds);
	const perBlock = Math.max(1, Math.round(o.rate * o.blockSeconds));
	for (let first = 0; first < total; first += perBlock) {
		const count = Math.min(perBlock, total - first);
		for (const [t, target] of targets.entries()) await block(target, runs[t], first, count, o.rate);
	}
	return runs;
}
