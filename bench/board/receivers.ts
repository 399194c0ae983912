/**
 * A child process of the benchmark holding a share of the receiving clients, so that parsing
 * thousands of pushes per second does not run on the thread that paces the mutations. Each
 * receipt is stamped with the system-wide monotonic clock, comparable across processes.
 */
import { io as ioClient, type Socket } from 'socket.io-client';
import type { FleetCommand, FleetReply, Target } from './fleet';
import { now } from './stats';

const CONNECT_CONCURRENCY = 10;
const SIZE_SAMPLES_PER_CLIENT = 5;

interface Receiver {
	socket: Socket;
	/** seq → receipt time (ms, monotonic); the first receipt counts. */
	received: Map<number, number>;
	duplicates: number;
}

const receivers: Receiver[] = [];
const cpuSeconds = () => {
	const cpu = process.cpuUsage();
	return (cpu.user + cpu.system) / 1e6;
};
let sizeTotal = 0;
let sizeCount = 0;

function send(reply: FleetReply) {
	process.send?.(reply);
}

function record(receiver: Receiver, seq: number, payload: unknown) {
	const at = now();
	if (receiver.received.has(seq)) receiver.duplicates += 1;
	else receiver.received.set(seq, at);
	if (receiver.received.size <= SIZE_SAMPLES_PER_CLIENT) {
		sizeTotal += JSON.stringify(payload).length;
		sizeCount += 1;
	}
}

function open(target: Target, cookie: string | null): Promise<Receiver> {
	const socket = ioClient(target.url, {
		path: '/socket.io/',
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		extraHeaders: { ...(cookie ? { cookie } : {}), origin: target.url }
	});
	const receiver: Receiver = { socket, received: new Map(), duplicates: 0 };
	if (target.kind === 'board') {
		socket.on('board:card:v1', (change: { seq: number }) => record(receiver, change.seq, change));
		socket.on('board:removed:v1', (removed: { seq: number }) => record(receiver, removed.seq, removed));
	} else {
		socket.on('card', (payload: { seq: number }) => record(receiver, payload.seq, payload));
	}
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(receiver));
		socket.once('connect_error', (error) => {
			socket.close();
			reject(error);
		});
	});
}

async function connectAll(target: Target, cookies: (string | null)[]) {
	let next = 0;
	const before = receivers.length;
	const errors: string[] = [];
	const lane = async () => {
		while (next < cookies.length) {
			const cookie = cookies[next++];
			try {
				receivers.push(await open(target, cookie));
			} catch (error) {
				errors.push(String(error));
			}
		}
	};
	await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, lane));
	send({
		type: 'connected',
		count: receivers.length - before,
		errors: errors.slice(0, 3),
		cpuSeconds: cpuSeconds()
	});
}

/** Waits (bounded) for every receiver to hold every sent seq, then reports latencies and losses. */
async function collect(sent: [number, number][], waitMs: number) {
	const deadline = now() + waitMs;
	const complete = () => receivers.every((r) => sent.every(([seq]) => r.received.has(seq)));
	while (!complete() && now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
	const latencies: number[] = [];
	let lost = 0;
	let duplicates = 0;
	for (const r of receivers) {
		duplicates += r.duplicates;
		for (const [seq, sentAt] of sent) {
			const at = r.received.get(seq);
			if (at === undefined) lost += 1;
			else latencies.push(at - sentAt);
		}
	}
	send({
		type: 'result',
		latencies,
		lost,
		duplicates,
		meanPayloadBytes: sizeCount ? sizeTotal / sizeCount : 0,
		cpuSeconds: cpuSeconds()
	});
}

const fail = (error: unknown) => send({ type: 'failed', error: String(error) });

process.on('message', (message: FleetCommand) => {
	if (message.type === 'connect') connectAll(message.target, message.cookies).catch(fail);
	else if (message.type === 'collect') collect(message.sent, message.waitMs).catch(fail);
	else if (message.type === 'mark') send({ type: 'marked', cpuSeconds: cpuSeconds() });
	else if (message.type === 'close') {
		for (const r of receivers) r.socket.close();
		process.disconnect();
	}
});
