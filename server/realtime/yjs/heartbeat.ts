/**
 * Periodic ping of every open connection; one that has not answered the previous ping is
 * terminated (half-open TCP connections would otherwise hold seats and presence forever).
 */
export interface Beating {
	beat(): void;
}

/** Starts the interval and returns the function that stops it. */
export function startHeartbeat(connections: Iterable<Beating>, intervalMs: number): () => void {
	const timer = setInterval(() => {
		for (const connection of connections) connection.beat();
	}, intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}
