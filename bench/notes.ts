/**
 * `npm run bench:notes`: what the meeting-notes server costs, against a bare relay. Typing
 * latency with 50 and 200 clients (steady, then a burst; the board and the relay take turns in
 * short blocks of the same traffic), lost updates, server CPU and heap; the
 * cold load and sync of a long-history document; heap across 1,000 connect/disconnect cycles;
 * unloading after the last client leaves. Everything runs on 127.0.0.1 and stops by itself.
 * Prints one line of figures last. Options: --seconds N (each typing phase, default 30),
 * --block N (seconds per turn, default 5), --clients 50,200, --edits 200000, --cycles 1000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/lib/server/db';
import { YjsStore } from '../src/lib/server/notes/yjs-store';
import { yjsRooms } from '../src/lib/shared/events';
import { validateUpdate } from '../server/realtime/yjs/update-guard';
// The scripted sign-in (password, the demo authenticator code where an account has one, the notice).
import { signIn } from '../tests/helpers/board';
import { BenchClient, connectClients, seeded, type Target } from './notes/clients';
import { generateHistory } from './notes/history';
import { startMeasured, type Measured } from './notes/processes';
import { runInterleaved, TrafficLog, type PhaseResult, type TypingTarget } from './notes/traffic';

const { values: args } = parseArgs({
	options: {
		seconds: { type: 'string', default: '30' },
		block: { type: 'string', default: '5' },
		clients: { type: 'string', default: '50,200' },
		edits: { type: 'string', default: '200000' },
		cycles: { type: 'string', default: '1000' }
	}
});
const SECONDS = Math.max(1, Number(args.seconds));
const BLOCK_SECONDS = Math.min(SECONDS, Math.max(1, Number(args.block)));
const CLIENT_COUNTS = args.clients
	.split(',')
	.map(Number)
	.filter((n) => n >= 2 && n <= 240);
const EDITS = Math.max(1_000, Number(args.edits));
const CYCLES = Math.max(10, Number(args.cycles));
const COLD_SAMPLES = 5; // cold opens of the long document; the median is the figure, the max is shown too
const TAIL = 400; // log rows newer than the snapshot: just under the 500-update compaction trigger
const WRITERS = ['prosecutor', 'casemanager', 'sergeant', 'defender', 'officer', 'supervisor', 'facilitator'];
const BOARD_STARTED = /"event":"board\.started".*"port":(\d+)/;
const say = (text: string) => console.log(`[bench] ${text}`);
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'lead-bench-'));
	const databasePath = join(dir, 'board.sqlite');
	const boardEnv = { DATABASE_PATH: databasePath, LEAD_LOG: 'info', SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' };
	const started: Measured[] = [];
	const start = async (script: string, env: Record<string, string>, port: RegExp) => {
		const measured = await startMeasured(script, env, port);
		started.push(measured);
		return measured;
	};
	try {
		say(`generating a document of ${EDITS} edits`);
		const history = generateHistory(EDITS, TAIL, seeded(7));
		let board = await start('server/index.ts', boardEnv, BOARD_STARTED); // creates and seeds the database
		const meetings = meetingIds(databasePath);
		await board.stop();
		const historyRoom = yjsRooms.meetingNotes(meetings.policyGroup);
		const firstRoom = yjsRooms.meetingNotes(meetings.lastWorkgroup);
		const storeLoad = storeHistory(databasePath, [historyRoom, firstRoom], history);

		board = await start('server/index.ts', boardEnv, BOARD_STARTED);
		const cookies = await Promise.all(WRITERS.map((who) => signIn(board, `${who}@demo.test`)));
		const serverTarget: Target = {
			endpoint: `ws://127.0.0.1:${board.port}/yjs`,
			origin: board.origin,
			cookies
		};
		const pcgTarget: Target = { ...serverTarget, cookies: [await signIn(board, 'pcg@demo.test')] };
		await warmUp(serverTarget, yjsRooms.meetingNotes(meetings.workgroup)); // connections, not documents
		// The first long document a fresh process loads also pays for compiling Yjs's decoder; a
		// server that has been up loads its next one without that. Both are measured, the second
		// is the figure the target is about: a document that is not in memory, loaded from SQLite.
		const loadMs = watchLoads(board);
		const loaded = (room: string) => () => loadMs.has(room);
		const first = await timeSync(serverTarget, firstRoom, history.textLength, loaded(firstRoom));
		const firstServerMs = loadMs.get(firstRoom);
		const samples: Awaited<ReturnType<typeof timeSync>>[] = [];
		const serverSamples: number[] = [];
		for (let i = 0; i < COLD_SAMPLES; i++) {
			if (i > 0) {
				// Back to the same cold start: unloaded by the server, snapshot and log rows as stored.
				await unloaded(board, historyRoom);
				restoreHistory(databasePath, historyRoom, history);
				loadMs.delete(historyRoom);
			}
			samples.push(await timeSync(pcgTarget, historyRoom, history.textLength, loaded(historyRoom)));
			serverSamples.push(loadMs.get(historyRoom) ?? NaN);
		}
		const load = {
			coldMs: median(samples.map((s) => s.coldMs)),
			coldMaxMs: Math.max(...samples.map((s) => s.coldMs)),
			warmMs: median(samples.map((s) => s.warmMs))
		};
		const serverLoadMs = median(serverSamples);
		say(
			`long history: cold ${samples.map((s) => s.coldMs).join('/')} ms (server load ${serverSamples.join('/')} ms),` +
				` warm ${samples.map((s) => s.warmMs).join('/')} ms, first after start ${first.coldMs} ms` +
				` (server load ${firstServerMs} ms), store ${JSON.stringify(storeLoad)}`
		);

		const relay = await start('bench/notes/relay.ts', {}, /"event":"relay\.started".*"port":(\d+)/);
		const relayTarget: Target = {
			endpoint: `ws://127.0.0.1:${relay.port}/yjs`,
			origin: relay.origin,
			cookies: []
		};
		const workgroupRoom = yjsRooms.meetingNotes(meetings.workgroup);
		const runs: string[] = [];
		let lostTotal = 0;
		for (const count of CLIENT_COUNTS) {
			const [server, bare] = await typingRuns(
				[
					{ target: serverTarget, measured: board },
					{ target: relayTarget, measured: relay }
				],
				workgroupRoom,
				count,
				11 + count
			);
			lostTotal += server.phases.reduce((sum, p) => sum + p.lost, 0);
			runs.push(describeRun(count, server, bare));
			say(runs[runs.length - 1]);
		}
		await relay.stop();

		const cycles = await connectCycles(serverTarget, board, workgroupRoom);
		say(`cycles: ${JSON.stringify(cycles)}`);
		const unloadMs = await timeUnload(board, workgroupRoom, cycles.lastLeftAt);
		await board.stop();

		console.log(
			[
				`notes-bench lost=${lostTotal}`,
				...runs,
				`history edits=${EDITS} snapshot=${round(history.snapshot.byteLength / 1024, 0)}KB tail=${TAIL}` +
					` cold-load+sync median=${load.coldMs}ms max=${load.coldMaxMs}ms (n=${COLD_SAMPLES}, server load ${serverLoadMs}ms)` +
					` warm-sync=${load.warmMs}ms first-after-start=${first.coldMs}ms` +
					` store-load snapshot=${storeLoad.snapshotMs}ms snapshot+log=${storeLoad.withLogMs}ms (x${storeLoad.ratio})`,
				`cycles=${CYCLES} heap ${cycles.beforeMB}MB->${cycles.afterMB}MB (${cycles.changePercent >= 0 ? '+' : ''}${cycles.changePercent}%)`,
				`unload=${unloadMs === null ? 'none within 45s' : `${round(unloadMs / 1000)}s`}`
			].join(' | ')
		);
	} finally {
		await Promise.all(started.map((measured) => measured.stop())); // stopping twice is harmless
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The demo's upcoming workgroup and policy group meetings, and the workgroup held before. */
function meetingIds(databasePath: string) {
	const db = new Database(databasePath, { readonly: true });
	try {
		const rows = db.prepare('select id, kind from meetings order by rowid').all() as {
			id: string;
			kind: string;
		}[];
		const workgroups = rows.filter((r) => r.kind === 'operational_workgroup');
		return {
			workgroup: workgroups[0].id,
			lastWorkgroup: workgroups[1].id,
			policyGroup: rows.find((r) => r.kind === 'policy_group')!.id
		};
	} finally {
		db.close();
	}
}

/**
 * Stores snapshot + tail through YjsStore for each room, and times YjsStore.load of the first
 * with and without the tail.
 */
function storeHistory(databasePath: string, rooms: string[], history: ReturnType<typeof generateHistory>) {
	const opened = openDatabase(databasePath);
	try {
		const store = new YjsStore(opened.db);
		for (const room of rooms) {
			store.compact(room, history.snapshot, 0);
			for (const update of history.tail) store.append(room, update);
		}
		const [room] = rooms;
		const snapshotOnly = 'bench.snapshot-only';
		store.compact(snapshotOnly, history.final, 0);
		const load = (name: string) => () => store.load(name, { validate: validateUpdate }).doc.destroy();
		const [snapshotMs, withLogMs] = alternatingMedians(5, [load(snapshotOnly), load(room)]);
		return { snapshotMs, withLogMs, ratio: round(withLogMs / snapshotMs, 2) };
	} finally {
		opened.close();
	}
}

/** Puts the long document's snapshot and log rows back as first stored (the room must be unloaded). */
function restoreHistory(databasePath: string, room: string, history: ReturnType<typeof generateHistory>) {
	const opened = openDatabase(databasePath);
	try {
		const store = new YjsStore(opened.db);
		store.compact(room, history.snapshot, Number.MAX_SAFE_INTEGER);
		for (const update of history.tail) store.append(room, update);
	} finally {
		opened.close();
	}
}

/** Resolves once the server logs that it unloaded `room` (it does within unloadAfterMs of the last client leaving). */
function unloaded(board: Measured, room: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			stop();
			reject(new Error(`${room} was not unloaded within 45 s`));
		}, 45_000);
		const stop = board.onLine((line) => {
			if (!line.includes('"event":"yjs.unloaded"') || !line.includes(room)) return;
			clearTimeout(timer);
			stop();
			resolve();
		});
	});
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/** Median time of each run, taking turns (after one warm-up each) so load drift hits both alike. */
function alternatingMedians(times: number, runs: (() => void)[]): number[] {
	for (const run of runs) run();
	const samples = runs.map((): number[] => []);
	for (let i = 0; i < times; i++) {
		for (const [index, run] of runs.entries()) {
			const start = performance.now();
			run();
			samples[index].push(performance.now() - start);
		}
	}
	return samples.map((list) => round(median(list)));
}

/**
 * A fresh client's time from connecting to holding the whole document: first on the unloaded room
 * (cold: loaded from SQLite while the client applies what was stored), then a second one while
 * the first is still there (warm: the room is loaded).
 */
async function timeSync(target: Target, room: string, textLength: number, isLoaded: () => boolean) {
	const open = async () => {
		const start = performance.now();
		const client = new BenchClient(target, room, 0, null, 'all');
		await client.synced;
		await client.textReaches(textLength, 10_000); // log rows newer than the snapshot may follow it
		const ms = round(performance.now() - start);
		return { client, ms };
	};
	const cold = await open();
	await until(isLoaded, 10_000); // the server may still be loading what the client already holds
	const warm = await open();
	await Promise.all([cold.client.close(), warm.client.close()]);
	return { coldMs: cold.ms, warmMs: warm.ms };
}

async function until(condition: () => boolean, withinMs: number) {
	const deadline = performance.now() + withinMs;
	while (!condition()) {
		if (performance.now() > deadline) throw new Error('timed out waiting for the server');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** The server's own load time of each room, from its `yjs.loaded` log lines. */
function watchLoads(board: Measured): Map<string, number> {
	const times = new Map<string, number>();
	board.onLine((line) => {
		if (!line.includes('"event":"yjs.loaded"')) return;
		const { room, ms } = JSON.parse(line) as { room: string; ms: number };
		times.set(room, ms);
	});
	return times;
}

/** A few connections to another room first, so no measured sync pays for the first WebSocket upgrade. */
async function warmUp(target: Target, room: string) {
	for (let i = 0; i < 5; i++) {
		const client = new BenchClient(target, room, i, null);
		await client.synced;
		await client.close();
		client.doc.destroy();
	}
}

/** The same typing on every target, the targets taking turns in blocks of BLOCK_SECONDS. */
async function typingRuns(
	targets: { target: Target; measured: Measured }[],
	room: string,
	count: number,
	seed: number
) {
	const cuts = targets.map(() => 0); // connections a server itself closed or timed out during the run
	const stops = targets.map(({ measured }, t) =>
		measured.onLine((line) => {
			if (/"event":"yjs\.(heartbeat_timeout|closing)"/.test(line)) cuts[t]++;
		})
	);
	const typing: TypingTarget[] = [];
	for (const { target, measured } of targets) {
		const log = new TrafficLog();
		const clients = await connectClients(target, room, count, log.onDelivery);
		typing.push({ clients, log, measured, random: seeded(seed) });
	}
	const phases = [
		{ name: 'steady', rate: 30, seconds: SECONDS },
		{ name: 'burst', rate: 300, seconds: SECONDS }
	];
	const results = await runInterleaved(typing, phases, BLOCK_SECONDS);
	for (const stop of stops) stop();
	for (const { clients } of typing) {
		await Promise.all(clients.map((client) => client.close()));
		for (const client of clients) client.doc.destroy();
	}
	return results.map((phases, t) => ({ phases, cut: cuts[t] }));
}

type Run = Awaited<ReturnType<typeof typingRuns>>[number];

function describeRun(count: number, server: Run, bare: Run): string {
	const phase = (s: PhaseResult, b: PhaseResult) =>
		`${s.name} p50=${round(s.p50)}ms p99=${round(s.p99)}ms (relay ${round(b.p50)}/${round(b.p99)}ms, p99 x${round(s.p99 / b.p99, 2)})` +
		` lost=${s.lost} cpu=${round(s.cpuPercent, 0)}% (relay ${round(b.cpuPercent, 0)}%) heap=${round(s.heapMB, 0)}MB` +
		` bench-lag p99=${round(s.benchLagMs, 0)}ms bench-stall max=${round(s.benchStallMs, 0)}ms (relay ${round(b.benchStallMs, 0)}ms)` +
		` bench-gc max=${round(s.benchGcMs, 0)}ms (relay ${round(b.benchGcMs, 0)}ms) bench-cpu=${round(s.benchCpuPercent, 0)}% (relay ${round(b.benchCpuPercent, 0)}%)`;
	const phases = server.phases.map((s, i) => phase(s, bare.phases[i])).join(' ');
	return `clients=${count} ${phases}${server.cut ? ` server-closed=${server.cut}` : ''}`;
}

/** Connect, sync, disconnect, CYCLES times; the server's heap after a forced GC, before and after. */
async function connectCycles(target: Target, board: Measured, room: string) {
	let disconnected = 0;
	const stopCounting = board.onLine((line) => {
		if (line.includes('"event":"yjs.disconnected"')) disconnected++;
	});
	const cycle = async (i: number) => {
		const client = new BenchClient(target, room, i, null, 'none');
		await client.synced;
		await client.close();
		client.doc.destroy();
	};
	for (let i = 0; i < 20; i++) await cycle(i); // warm-up
	const before = await board.inspector.heapUsed(true);
	for (let i = 0; i < CYCLES; i++) await cycle(i);
	const lastLeftAt = performance.now();
	const expected = CYCLES + 20;
	const deadline = performance.now() + 10_000;
	while (disconnected < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
	stopCounting();
	const after = await board.inspector.heapUsed(true);
	const mb = (bytes: number) => round(bytes / 1_048_576);
	return {
		beforeMB: mb(before),
		afterMB: mb(after),
		changePercent: round((100 * (after - before)) / before),
		lastLeftAt
	};
}

/** How long after the last client left the server logged that it unloaded the room (bounded). */
async function timeUnload(board: Measured, room: string, lastLeftAt: number): Promise<number | null> {
	return new Promise((resolve) => {
		const timer = setTimeout(() => finish(null), 45_000);
		const stop = board.onLine((line) => {
			if (line.includes('"event":"yjs.unloaded"') && line.includes(room))
				finish(performance.now() - lastLeftAt);
		});
		function finish(ms: number | null) {
			clearTimeout(timer);
			stop();
			resolve(ms);
		}
	});
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	}
);
