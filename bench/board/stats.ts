/** Small arithmetic for the benchmark's figures. */

export interface Summary {
	p50: number;
	p99: number;
	max: number;
	count: number;
}

/** Nearest-rank percentiles of a sample (sorted in place). */
export function summarize(values: Float64Array): Summary {
	values.sort();
	const rank = (p: number) =>
		values[Math.min(values.length - 1, Math.max(0, Math.ceil(p * values.length) - 1))];
	return values.length
		? { p50: rank(0.5), p99: rank(0.99), max: values[values.length - 1], count: values.length }
		: { p50: NaN, p99: NaN, max: NaN, count: 0 };
}

export const ms = (value: number) => `${value.toFixed(1)}ms`;
export const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)}KB`;
export const pct = (cpuSeconds: number, wallMs: number) =>
	`${Math.round((100 * cpuSeconds * 1000) / wallMs)}%`;

/** Monotonic milliseconds, the same clock in every process of the benchmark. */
export const now = () => Number(process.hrtime.bigint()) / 1e6;

export const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));
