/**
 * `npm run bench:board`: the live board's fan-out under load, against a bare socket.io room
 * broadcast of the same payload at the same rate on the same machine, the two taking turns in
 * short blocks. Every client is a person of their own (one account each, over the workgroup
 * roles), so the board redacts each change as it would for that many people. Prints one line of
 * figures last, with latency and server CPU per change against the bare broadcast. Each server
 * first takes --warm changes unmeasured, so both are measured as servers that have been running.
 * Flags: --clients 200 --seconds 30 --rate 30 --block 5 --procs 2 --wait 10 --warm 3000
 * [--profile DIR]. Talks only to 127.0.0.1; stops by itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startBareTarget } from './board/bare-target';
import { startBoardTarget } from './board/board-target';
import type { FleetResult } from './board/fleet';
import { runInterleaved, warmUp, type MutationRun } from './board/mutator';
import { parseOptions, type BenchOptions } from './board/options';
import { ROOT } from './board/processes';
import { kb, ms, pct, ratio, summarize, type Summary } from './board/stats';
import type { Target } from './board/target';

const TARGET_P99_MS = 25;
const TARGET_RATIO = 2;
const TARGET_HEAP_BYTES = 15 * 1024;
/** Set-up (hundreds of sign-ins on a busy machine) and the straggler waits, beyond the run itself. */
const OVERALL_MARGIN_MS = 15 * 60_000;

interface Outcome {
	target: Target;
	run: MutationRun;
	received: FleetResult;
	latency: Summary;
	ack: Summary;
	expected: number;
	lost: number;
}

/** The machine is shared: every report says how busy it was. */
const loadAverage = () =>
	loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');

/** Server CPU milliseconds per acknowledged change over the sending blocks. */
const cpuPerChange = (r: Outcome) => (1000 * r.run.serverCpuSeconds) / Math.max(1, r.run.sent.length);

/** The board serves sign-in from its SvelteKit build; the socket handlers run from source. */
function ensureBuild() {
	try {
		execFileSync(process.execPath, ['scripts/build-if-needed.mjs'], {
			cwd: ROOT,
			stdio: ['ignore', 'inherit', 'pipe']
		});
	} catch (error) {
		if (!existsSync(join(ROOT, 'build/handler.js'))) throw error;
		console.warn('board bench: the build failed; using the existing build.');
	}
}

function outcome(target: Target, run: MutationRun, received: FleetResult, clients: number): Outcome {
	const expected = run.sent.length * (clients - 1);
	const latency = summarize(received.latencies);
	return {
		target,
		run,
		received,
		latency,
		ack: summarize(Float64Array.from(run.ackLatencies)),
		expected,
		lost: expected - latency.count
	};
}

function describe(r: Outcome): string {
	const { run, received, target } = r;
	const { cost } = target;
	const refused = run.failures ? ` (refused: ${JSON.stringify(run.failureCodes)})` : '';
	return [
		`  ${target.name.padEnd(5)}: acked ${run.sent.length}/${run.sent.length + run.failures}${refused}, ` +
			`ack p50 ${ms(r.ack.p50)} p99 ${ms(r.ack.p99)}; push p50 ${ms(r.latency.p50)} p99 ${ms(r.latency.p99)} ` +
			`max ${ms(r.latency.max)}; delivered ${r.latency.count}/${r.expected}, lost ${r.lost}, ` +
			`duplicates ${received.duplicates}, ~${Math.round(received.meanPayloadBytes)} B each`,
		`         server heap ${kb(cost.heapIdle)} with no sockets, ${kb(cost.heapHalf)} with half, ` +
			`${kb(cost.heapConnected)} with all: ${kb(cost.perConnectionHeap)}/connection (average ${kb(cost.averageHeap)}, ` +
			`RSS ${kb(cost.perConnectionRss)}); CPU while sending: ` +
			`server ${pct(run.serverCpuSeconds, run.wallMs)} (${ms(cpuPerChange(r))} per change), receivers ${pct(received.cpuSeconds, run.wallMs)}, sender ${pct(run.senderCpuSeconds, run.wallMs)}`
	].join('\n');
}

function verdicts(board: Outcome, bare: Outcome, clients: number): string {
	const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
	return (
		`  targets${clients === 200 ? '' : ' (set for 200 clients)'}: ` +
		`p99 < ${TARGET_P99_MS} ms ${mark(board.latency.p99 < TARGET_P99_MS)}; ` +
		`p99 <= ${TARGET_RATIO}x bare ${mark(board.latency.p99 <= TARGET_RATIO * bare.latency.p99)}; ` +
		`server CPU per change <= ${TARGET_RATIO}x bare ${mark(cpuPerChange(board) <= TARGET_RATIO * cpuPerChange(bare))}; ` +
		`0 lost ${mark(board.lost === 0 && board.run.failures === 0)}; ` +
		`heap/connection <= 15 KB ${mark(board.target.cost.perConnectionHeap <= TARGET_HEAP_BYTES)}`
	);
}

function lastLine(o: BenchOptions, board: Outcome, bare: Outcome, persistedPerSecond: number): string {
	return [
		`board bench: clients=${o.clients} mutations=${board.run.sent.length} failed=${board.run.failures}`,
		`p50=${ms(board.latency.p50)} p99=${ms(board.latency.p99)} max=${ms(board.latency.max)} lost=${board.lost}`,
		`persisted/s=${persistedPerSecond.toFixed(1)} heap/conn=${kb(board.target.cost.perConnectionHeap)}`,
		`bare_p50=${ms(bare.latency.p50)} bare_p99=${ms(bare.latency.p99)}`,
		`ratio_p50=${ratio(board.latency.p50, bare.latency.p50)} ratio_p99=${ratio(board.latency.p99, bare.latency.p99)}`,
		`cpu/change=${ms(cpuPerChange(board))} bare_cpu/change=${ms(cpuPerChange(bare))}`,
		`ratio_cpu=${ratio(cpuPerChange(board), cpuPerChange(bare))}`
	].join(' ');
}

async function measure(o: BenchOptions, targets: Target[]) {
	const board = await startBoardTarget(o);
	targets.push(board);
	console.log(`  signed in ${o.clients} accounts in ${board.signInSeconds.toFixed(1)} s; connected`);
	targets.push(await startBareTarget(o, board.sample));
	const bare = targets[1];
	await warmUp([board, bare], o);
	if (o.warmUp) console.log(`  warmed up: ${o.warmUp} changes on each server, not measured`);
	const [boardRun, bareRun] = await runInterleaved([board, bare], o);
	const boardResult = outcome(board, boardRun, await board.fleet.collect(boardRun.sent, o.waitMs), o.clients);
	const bareResult = outcome(bare, bareRun, await bare.fleet.collect(bareRun.sent, o.waitMs), o.clients);
	const persisted = board.persisted(boardRun.sent.reduce((first, [seq]) => Math.min(first, seq), Infinity));
	const persistedPerSecond = persisted / (boardRun.wallMs / 1000);
	console.log(describe(boardResult));
	console.log(
		`         persisted ${persisted} change-log rows for ${boardRun.sent.length} acks (${persistedPerSecond.toFixed(1)}/s)`
	);
	console.log(describe(bareResult));
	console.log(verdicts(boardResult, bareResult, o.clients));
	console.log(`  load average after: ${loadAverage()}`);
	return lastLine(o, boardResult, bareResult, persistedPerSecond);
}

async function closeAll(targets: Target[]) {
	for (const target of targets.splice(0).reverse()) await target.close();
}

async function main() {
	const o = parseOptions(process.argv.slice(2));
	const watchdog = setTimeout(
		() => {
			console.error('board bench: gave up (took too long)');
			process.exit(2);
		},
		o.seconds * 4_000 + (o.warmUp / o.rate) * 2_000 + OVERALL_MARGIN_MS
	);
	watchdog.unref();
	ensureBuild();
	process.env.LEAD_LOG = 'silent'; // this process seeds the accounts; only the board's own log matters
	console.log(
		`board bench: ${o.clients} clients (${o.clients - 1} receivers over ${o.processes} processes per server), ` +
			`${o.rate} mutations/s for ${o.seconds} s each, board and bare alternating every ${o.blockSeconds} s; ` +
			`load average before: ${loadAverage()}`
	);
	const targets: Target[] = [];
	process.once('SIGINT', () => {
		closeAll(targets).then(
			() => process.exit(130),
			() => process.exit(130)
		);
	});
	try {
		const line = await measure(o, targets);
		await closeAll(targets);
		console.log(line);
	} finally {
		await closeAll(targets);
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
