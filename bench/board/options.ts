/** The benchmark's flags, with bounds so a run always ends by itself. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
	clients: number;
	/** Seconds of mutations for each of the board and the bare server. */
	seconds: number;
	rate: number;
	/** Length of each alternating block (board, bare, board, …). */
	blockSeconds: number;
	/** Child processes each target's receiving clients are spread over. */
	processes: number;
	/** How long to wait for stragglers after the last ack. */
	waitMs: number;
	/**
	 * Changes each server takes first, unmeasured, so both are measured as servers that have been
	 * running (their hot code compiled), not as freshly started processes.
	 */
	warmUp: number;
	/** A directory for a V8 CPU profile of the board process (`--cpu-prof`), or null. */
	profileDir: string | null;
}

export function parseOptions(args: string[]): BenchOptions {
	const { values } = parseArgs({
		args,
		options: {
			clients: { type: 'string', default: '200' },
			seconds: { type: 'string', default: '30' },
			rate: { type: 'string', default: '30' },
			block: { type: 'string', default: '5' },
			procs: { type: 'string', default: '2' },
			wait: { type: 'string', default: '10' },
			warm: { type: 'string', default: '3000' },
			profile: { type: 'string' }
		}
	});
	const number = (name: keyof typeof values, min: number, max: number) => {
		const n = Number(values[name]);
		if (!Number.isFinite(n) || n < min || n > max)
			throw new Error(`--${name} must be between ${min} and ${max}`);
		return n;
	};
	return {
		clients: Math.round(number('clients', 2, 2000)),
		seconds: number('seconds', 1, 600),
		rate: number('rate', 1, 500),
		blockSeconds: number('block', 1, 600),
		processes: Math.round(number('procs', 1, 16)),
		waitMs: number('wait', 1, 120) * 1000,
		warmUp: Math.round(number('warm', 0, 20_000)),
		profileDir: values.profile ? resolve(values.profile) : null
	};
}
