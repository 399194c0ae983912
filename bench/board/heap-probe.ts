/**
 * Preloaded (`--import`) into a process the benchmark spawns, never into the product: answers an
 * IPC "heap" request with the heap after a full collection, so heap per connection is measured
 * without adding anything to the server.
 */
type Gc = () => void;

process.on('message', (message: unknown) => {
	if ((message as { type?: string } | null)?.type !== 'heap') return;
	const gc = (globalThis as { gc?: Gc }).gc;
	if (!gc) throw new Error('heap-probe needs node --expose-gc');
	// Twice: the first pass can leave objects that only become unreachable once finalizers ran.
	gc();
	gc();
	const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
	process.send?.({ type: 'heap', heapUsed, rss, external, arrayBuffers });
});
