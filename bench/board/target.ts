/**
 * What the benchmark drives, the board or the bare server: a server process, its receiving
 * clients, one sending client, and what opening the connections cost the server's heap.
 */
import type { Fleet, Target as FleetTarget } from './fleet';
import type { Send } from './mutator';
import type { BenchProcess } from './processes';
import { sleep } from './stats';

export interface ConnectionCost {
	/** Server heap after a full collection: no sockets, half of them open, all N open (idle). */
	heapIdle: number;
	heapHalf: number;
	heapConnected: number;
	/** What each socket of the second half added: the marginal cost, free of one-off growth. */
	perConnectionHeap: number;
	/** (all N − none) / N, for comparison. */
	averageHeap: number;
	perConnectionRss: number;
}

export interface Target {
	name: string;
	server: BenchProcess;
	fleet: Fleet;
	cost: ConnectionCost;
	send: Send;
	close(): Promise<void>;
}

/** Lets the connect storm's broadcasts drain before the heap is read. */
const SETTLE_MS = 1_000;

async function settledHeap(server: BenchProcess) {
	await sleep(SETTLE_MS);
	return server.heap();
}

/**
 * Connects the receivers in two halves, then the sender, reading the server's heap (after a
 * full collection) before, between and after.
 */
export async function connectMeasured<T>(
	server: BenchProcess,
	fleet: Fleet,
	target: FleetTarget,
	cookies: (string | null)[],
	connectSender: () => Promise<T>
): Promise<{ cost: ConnectionCost; value: T }> {
	const idle = await settledHeap(server);
	const half = Math.floor(cookies.length / 2);
	await fleet.connect(target, cookies.slice(0, half));
	const middle = await settledHeap(server);
	await fleet.connect(target, cookies.slice(half));
	const value = await connectSender();
	const full = await settledHeap(server);
	const added = cookies.length + 1 - half;
	return {
		value,
		cost: {
			heapIdle: idle.heapUsed,
			heapHalf: middle.heapUsed,
			heapConnected: full.heapUsed,
			perConnectionHeap: (full.heapUsed - middle.heapUsed) / added,
			averageHeap: (full.heapUsed - idle.heapUsed) / (cookies.length + 1),
			perConnectionRss: (full.rss - middle.rss) / added
		}
	};
}
