/**
 * Steady-rate typing spread over a room's clients, and what it costs: for every update, when it
 * reached each other client (latency), whether it reached all of them (lost), and the measured
 * process's CPU and heap over each phase. Several servers are measured by taking turns.
 */
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
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
	/**
	 * The bench's longest event-loop stall while this target's blocks ran. Its clients read nothing
	 * meanwhile, so every delivery queued behind it: a latency tail as long as this is the bench's.
	 */
	benchStallMs: number;
	/** CPU the bench process itself used meanwhile (100 = one core): near 100, its clients were the limit. */
	benchCpuPercent: number;
	/** The bench's own longest garbage-collection pause during this target's blocks. */
	benchGcMs: number;
}

interface Sent {
	at: number;
	phase: number;
	got: number;
}

const DRAIN_TIMEOUT_MS = 20_000;
/** How long a block waits for its stragglers before the next target's block starts. */
const BLOCK_DRAIN_MS = 2_000;
const TICK_MS = 2;

/**
 * The bench's own garbage collections. With 200 clients per server, each holding the whole
 * document after a long phase, this process holds over a gigabyte, and one full collection of it
 * stops every client for seconds; left to V8 it lands inside whichever server's turn allocates
 * past the limit. So between turns, once every update has arrived, the bench collects (when run
 * with --expose-gc, as `npm run bench:notes` does), and reports any pause inside a turn.
 */
const gcPauses: { at: number; ms: number }[] = [];
new PerformanceObserver((list) => {
	for (const entry of list.getEntries()) gcPauses.push({ at: entry.startTime, ms: entry.duration });
}).observe({ entryTypes: ['gc'] });
const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** The longest collection pause that started inside one of `windows` (performance.now() times). */
function longestGcPause(windows: [number, number][]): number {
	let longest = 0;
	for (const { at, ms } of gcPauses) {
		if (windows.some(([from, to]) => at >= from && at <= to)) longest = Math.max(longest, ms);
	}
	return longest;
}

/**
 * Wires deliveries to the update that was sent; create it before the clients connect. With 200
 * clients a burst brings 60,000 deliveries a second into this one process, so a delivery costs
 * two map lookups and a store into a typed array: nothing for the bench's own GC to trace.
 */
export class TrafficLog {
	private readonly sent = new Map<number, Map<number, Sent>>();
	private readonly latencies: Samples[] = [];

	readonly onDelivery = (_receiver: BenchClient, client: number, clock: number): void => {
		const record = this.sent.get(client)?.get(clock);
		if (!record) return;
		record.got++;
		this.latencies[record.phase].push(performance.now() - record.at);
	};

	/** Starts a phase's latencies (a phase with no delivery yet still reports, as NaN). */
	open(phase: number): void {
		this.latencies[phase] ??= new Samples();
	}

	record(phase: number, client: number, clock: number, at: number): void {
		this.open(phase);
		let clocks = this.sent.get(client);
		if (!clocks) this.sent.set(client, (clocks = new Map()));
		clocks.set(clock, { at, phase, got: 0 });
	}

	missing(receivers: number): number {
		let missing = 0;
		for (const record of this.records()) missing += Math.max(0, receivers - record.got);
		return missing;
	}

	summary(phase: number, receivers: number) {
		const records = [...this.records()].filter((r) => r.phase === phase);
		const lost = records.reduce((sum, r) => sum + Math.max(0, receivers - r.got), 0);
		const sorted = this.latencies[phase]?.sorted() ?? new Float64Array();
		const at = (q: number) =>
			sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
		return { sent: records.length, lost, p50: at(0.5), p99: at(0.99), max: at(1) };
	}

	private *records(): Iterable<Sent> {
		for (const clocks of this.sent.values()) yield* clocks.values();
	}
}

/** A growing list of numbers in one typed array (doubling as it fills). */
class Samples {
	private values = new Float64Array(1 << 16);
	private length = 0;

	push(value: number): void {
		if (this.length === this.values.length) {
			const grown = new Float64Array(this.values.length * 2);
			grown.set(this.values);
			this.values = grown;
		}
		this.values[this.length++] = value;
	}

	sorted(): Float64Array {
		return this.values.slice(0, this.length).sort();
	}
}

/** One server under test: its clients in one room, their log, the process measured. */
export interface TypingTarget {
	clients: BenchClient[];
	log: TrafficLog;
	measured: Measured;
	/** The same seed for every target, so each one gets the very same traffic. */
	random: () => number;
}

interface Usage {
	cpuMs: number;
	benchCpuMs: number;
	wallMs: number;
	lag: ReturnType<typeof monitorEventLoopDelay>;
	stallMs: number;
	/** When this target's blocks ran. */
	windows: [number, number][];
	heapMB: number;
}

/**
 * Runs each phase on every target, the targets taking turns in blocks of `blockSeconds` (the
 * first target leads in odd blocks, the second in even ones), so slow drifts of the machine
 * (another process waking, the page cache, thermal limits) fall on both alike. Each block
 * starts once the previous one's updates have all arrived. Then waits (bounded) for the last.
 */
export async function runInterleaved(
	targets: TypingTarget[],
	phases: Phase[],
	blockSeconds: number
): Promise<PhaseResult[][]> {
	const usage: Usage[][] = targets.map(() => []);
	const cursors = targets.map(() => 0);
	for (const [index, phase] of phases.entries()) {
		for (const [t, target] of targets.entries()) {
			usage[t][index] = {
				cpuMs: 0,
				benchCpuMs: 0,
				wallMs: 0,
				lag: monitorEventLoopDelay({ resolution: 10 }),
				stallMs: 0,
				windows: [],
				heapMB: 0
			};
			target.log.open(index);
		}
		collectGarbage?.(); // what connecting the clients left behind, before the first turn
		const blocks = Math.max(1, Math.round(phase.seconds / blockSeconds));
		for (let block = 0; block < blocks; block++) {
			const order = block % 2 === 0 ? targets.map((_, t) => t) : targets.map((_, t) => t).reverse();
			for (const t of order) {
				const target = targets[t];
				const seconds = phase.seconds / blocks;
				const spent = await sendBlock(target, index, phase.rate, seconds, cursors[t], usage[t][index]);
				cursors[t] = spent;
				await drained(target, BLOCK_DRAIN_MS);
				collectGarbage?.();
			}
		}
		for (const [t, target] of targets.entries()) {
			usage[t][index].heapMB = (await target.measured.inspector.heapUsed()) / 1_048_576;
		}
	}
	await Promise.all(targets.map((target) => drained(target, DRAIN_TIMEOUT_MS)));
	return targets.map((target, t) =>
		phases.map((phase, index) => {
			const u = usage[t][index];
			return {
				name: phase.name,
				...target.log.summary(index, target.clients.length - 1),
				cpuPercent: (100 * u.cpuMs) / u.wallMs,
				benchCpuPercent: (100 * u.benchCpuMs) / u.wallMs,
				heapMB: u.heapMB,
				benchLagMs: u.lag.percentile(99) / 1e6,
				benchStallMs: u.stallMs,
				benchGcMs: longestGcPause(u.windows)
			};
		})
	);
}

/** Sends `rate` updates per second for `seconds`, round robin from `cursor`; returns the cursor. */
async function sendBlock(
	target: TypingTarget,
	phase: number,
	rate: number,
	seconds: number,
	cursor: number,
	usage: Usage
): Promise<number> {
	const { clients, log, measured, random } = target;
	usage.lag.enable();
	const stalls = watchStalls();
	const cpuBefore = measured.cpuMs();
	const benchBefore = process.cpuUsage();
	const start = performance.now();
	const total = Math.round(rate * seconds);
	let next = cursor;
	for (let sent = 0; sent < total;) {
		const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
		for (; sent < due; sent++) {
			const client = clients[next++ % clients.length];
			const at = performance.now();
			const chars = 'etaoinshr'.charAt(Math.floor(random() * 9)).repeat(1 + Math.floor(random() * 3));
			log.record(phase, client.doc.clientID, client.type(chars, random), at);
		}
		await new Promise((resolve) => setTimeout(resolve, TICK_MS));
	}
	usage.cpuMs += measured.cpuMs() - cpuBefore;
	const bench = process.cpuUsage(benchBefore);
	usage.benchCpuMs += (bench.user + bench.system) / 1000;
	usage.wallMs += performance.now() - start;
	usage.lag.disable();
	usage.stallMs = Math.max(usage.stallMs, stalls.stop());
	usage.windows.push([start, performance.now()]);
	return next;
}

/** The longest gap between ticks of a 10 ms timer, minus the 10 ms, until stop(). */
function watchStalls(): { stop(): number } {
	const everyMs = 10;
	let longest = 0;
	let last = performance.now();
	const timer = setInterval(() => {
		const now = performance.now();
		longest = Math.max(longest, now - last - everyMs);
		last = now;
	}, everyMs);
	return {
		stop() {
			clearInterval(timer);
			return longest;
		}
	};
}

async function drained(target: TypingTarget, withinMs: number): Promise<void> {
	const receivers = target.clients.length - 1;
	const deadline = performance.now() + withinMs;
	while (target.log.missing(receivers) > 0 && performance.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
