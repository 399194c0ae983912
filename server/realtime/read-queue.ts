/**
 * Expensive reads (rosters, catch-ups) run one at a time, each in a turn of the event loop of its
 * own: a burst of them admitted at once then never holds the loop for all of them in a row, and
 * other people's small events and pushes are served between any two.
 */

let tail: Promise<unknown> = Promise.resolve();

/** Runs `read` after the reads queued before it, once pending I/O has had its turn. */
export function inTurn<T>(read: () => T | Promise<T>): Promise<T> {
	const turn = tail.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(read);
	tail = turn.catch(() => undefined);
	return turn;
}
