/**
 * The fairness bench's phases (without and with the abuser, taking turns) and the figures of
 * each: the ordinary clients' push latency from the writer's send to each arrival, their own
 * reads, `/health`, and the server's CPU share.
 */
import { summarize, type Summary } from '../board/stats';
import type { Read } from './ordinary';

export type PhaseKind = 'without' | 'with';

export interface Phase {
	kind: PhaseKind;
	start: number;
	end: number;
	serverCpuSeconds: number;
}

export interface Timed {
	at: number;
	ms: number;
}

export interface PhaseFigures {
	push: Summary;
	expected: number;
	reads: Summary;
	readsRefused: Record<string, number>;
	health: Summary;
	cpuShare: number;
	seconds: number;
}

/** The kind of phase `at` fell in, or null (warm-up, the pauses between phases). */
export function phaseAt(phases: Phase[], at: number): PhaseKind | null {
	for (const phase of phases) if (at >= phase.start && at < phase.end) return phase.kind;
	return null;
}

/** Everything measured in the phases of one kind, each sample by the moment it began. */
export function figuresOf(
	kind: PhaseKind,
	phases: Phase[],
	samples: { sentAt: Map<number, number>; receipts: [number, number][]; reads: Read[]; health: Timed[] },
	clients: number
): PhaseFigures {
	const mine = phases.filter((p) => p.kind === kind);
	const inKind = (at: number) => phaseAt(phases, at) === kind;
	const push: number[] = [];
	for (const [seq, arrived] of samples.receipts) {
		const sent = samples.sentAt.get(seq);
		if (sent !== undefined && inKind(sent)) push.push(arrived - sent);
	}
	const sentInKind = [...samples.sentAt.values()].filter(inKind).length;
	const reads = samples.reads.filter((r) => inKind(r.at));
	const readsRefused: Record<string, number> = {};
	for (const r of reads) if (r.code) readsRefused[r.code] = (readsRefused[r.code] ?? 0) + 1;
	const seconds = mine.reduce((sum, p) => sum + (p.end - p.start) / 1000, 0);
	return {
		push: summarize(Float64Array.from(push)),
		expected: sentInKind * clients,
		reads: summarize(Float64Array.from(reads.filter((r) => !r.code).map((r) => r.ms))),
		readsRefused,
		health: summarize(Float64Array.from(samples.health.filter((h) => inKind(h.at)).map((h) => h.ms))),
		cpuShare: mine.reduce((sum, p) => sum + p.serverCpuSeconds, 0) / Math.max(seconds, 0.001),
		seconds
	};
}
