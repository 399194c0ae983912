import { setTimeout as delay } from 'node:timers/promises';

/** Waits for an asynchronous truth with a bound, instead of sleeping a fixed time. */
export async function waitFor<T>(
	probe: () => T | Promise<T>,
	{
		timeout = 5_000,
		interval = 20,
		message = 'condition'
	}: { timeout?: number; interval?: number; message?: string } = {}
): Promise<Exclude<T, false | null | undefined>> {
	const deadline = Date.now() + timeout;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value as Exclude<T, false | null | undefined>;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
			throw new Error(`Timed out after ${timeout} ms waiting for ${message}${cause}`);
		}
		await new Promise((resolve) => setTimeout(resolve, interval));
	}
}

/** Retries an assertion block until it passes or the bound runs out (then rethrows its error). */
export async function eventually(assertion: () => void | Promise<void>, timeout = 5_000): Promise<void> {
	await waitFor(
		async () => {
			await assertion();
			return true;
		},
		{ timeout, message: 'assertion' }
	);
}

/**
 * Settles with what `promise` gives, or with 'hung' once `ms` pass first: a bound on a step that
 * may hang (a browser or a board that will not close). The timer stops as soon as either settles.
 */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'hung'> {
	const waited = new AbortController();
	const timeout = delay(ms, 'hung' as const, { signal: waited.signal }).catch(() => 'hung' as const);
	return Promise.race([promise, timeout]).finally(() => waited.abort());
}
