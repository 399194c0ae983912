/**
 * Steady-rate typing spread over a room's clients, and what it costs: for every update, when it
 * reached each other client (latency), whether it reached all of them (lost), and the measured
 * process's CPU and heap over each phase.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { BenchClient } from './clients';
import type { Measured } from './processes';

export interface Phase {
	name: string;
	/** Updates per second, over all clients together. */
	rate: number;
	seconds: number;
}

export interface PhaseResult {
	name: string;
	sent: number;
	p50: number;
	p99: number;
	max: number;
	/** Deliveries that never arrived (each update should reach every other client once). */
	lost: number;
	cpuPercent: number;
	heapMB: number;
	/** p99 delay of the bench's own event loop: when high, the clients, not the server, were the limit. */
	benchLagMs: number;
}

interface Sent {
	at: number;
	phase: number;
	got: number;
}

const DRAIN_TIMEOUT_MS = 20_000;
const TICK_MS = 2;

/** Wires deliveries to the update that was sent; create it before the clients connect. */
export class TrafficLog {
	private readonly sent = new Map<string, Sent>();
	private readonly latencies: number[][] = [];

	readonly onDelivery = (_receiver: BenchClient, client: number, clock: number): void => {
		const record = this.sent.get(`${client}:${clock}`);
		if (!record) return;
		record.got++;
		this.latencies[record.phase].push(performance.now() - record.at);
	};

	record(phase: number, client: number, clock: number, at: number): void {
		this.latencies[phase] ??= [];
		this.sent.set(`${client}:${clock}`, { at, phase, got: 0 });
	}

	missing(receivers: number): number {
		let missing = 0;
		for (const record of this.sent.values()) missing += Math.max(0, receivers - record.got);
		return missing;
	}

	summary(phase: number, receivers: number) {
		const records = [...this.sent.values()].filter((r) => r.phase === phase);
		const lost = records.reduce((sum, r) => sum + Math.max(0, receivers - r.got), 0);
		const sorted = Float64Array.from(this.latencies[phase] ?? []).sort();
		const at = (q: number) =>
			sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
		return { sent: records.length, lost, p50: at(0.5), p99: at(0.99), max: at(1) };
	}
}

/** Runs the phases back to back, then waits (bounded) for every update to be delivered. */
export async function runTraffic(
	clients: BenchClient[],
	phases: Phase[],
	log: TrafficLog,
	measured: Measured,
	random: () => number
): Promise<PhaseResult[]> {
	const usage: { cpuPercent: number; heapMB: number; benchLagMs: number }[] = [];
	let next = 0;
	for (const [index, phase] of phases.entries()) {
		const lag = monitorEventLoopDelay({ resolution: 10 });
		lag.enable();
		const cpuBefore = measured.cpuMs();
		const start = performance.now();
		const total = Math.round(phase.rate * phase.seconds);
		for (let sent = 0; sent < total;) {
			const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * phase.rate));
			for (; sent < due; sent++) {
				const client = clients[next++ % clients.length];
				const at = performance.now();
				const chars = 'etaoinshr'.charAt(Math.floor(random() * 9)).repeat(1 + Math.floor(random() * 3));
				log.record(index, client.doc.clientID, client.type(chars, random), at);
			}
			await new Promise((resolve) => setTimeout(resolve, TICK_MS));
		}
		const cpuMs = measured.cpuMs() - cpuBefore;
		const wall = performance.now() - start;
		lag.disable();
		const heapMB = (await measured.inspector.heapUsed()) / 1_048_576;
		usage.push({ cpuPercent: (100 * cpuMs) / wall, heapMB, benchLagMs: lag.percentile(99) / 1e6 });
	}
	const receivers = clients.length - 1;
	const deadline = performance.now() + DRAIN_TIMEOUT_MS;
	while (log.missing(receivers) > 0 && performance.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return phases.map((phase, index) => ({
		name: phase.name,
		...log.summary(index, receivers),
		...usage[index]
	}));
}
