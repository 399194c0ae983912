/**
 * `npm run bench:fairness`: is one abusive person's burst of expensive requests felt by everyone
 * else? Starts the built board on 127.0.0.1 (a temporary SQLite file with the demo program and
 * one account per client), connects 50 ordinary clients while one writer changes the board at a
 * modest rate, and measures the ordinary clients' board latency in alternating phases without
 * and with one abusive client sending bursts of catch-ups from the start of the log and roster
 * reloads as fast as the server answers. Prints the figures, and last one summary line.
 * Flags: --clients 50 --block 8 --rounds 4 --rate 5 --read-every 4 [--profile DIR]. Stops by itself.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startProcess, type BenchProcess } from './board/processes';
import { ms, now, ratio, sleep } from './board/stats';
import type { AbuserCounts } from './fairness/abuser';
import { OrdinaryClients } from './fairness/ordinary';
import { figuresOf, type Phase, type PhaseFigures, type PhaseKind, type Timed } from './fairness/phases';
import { buildWorld, signInAll, type BenchWorld } from './shared/world';
import { Writer } from './fairness/writer';

const TARGET_RATIO = 2;
const SIGN_IN_CONCURRENCY = 4;
const WARM_UP_MS = 3_000;
const HEALTH_EVERY_MS = 500;
const METRICS_TOKEN = 'fairness-bench-metrics-token';
const ABUSER = new URL('./fairness/abuser.ts', import.meta.url);

interface Options {
	clients: number;
	blockMs: number;
	rounds: number;
	rate: number;
	readEveryMs: number;
	/** A directory for a V8 CPU profile of the board process (`--cpu-prof`), or null. */
	profileDir: string | null;
}

function parseOptions(args: string[]): Options {
	const { values } = parseArgs({
		args,
		options: {
			clients: { type: 'string', default: '50' },
			block: { type: 'string', default: '8' },
			rounds: { type: 'string', default: '4' },
			rate: { type: 'string', default: '5' },
			'read-every': { type: 'string', default: '4' },
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
		clients: Math.round(number('clients', 1, 500)),
		blockMs: number('block', 1, 120) * 1000,
		rounds: Math.round(number('rounds', 1, 20)),
		rate: number('rate', 0.5, 100),
		readEveryMs: number('read-every', 0.5, 60) * 1000,
		profileDir: values.profile ? resolve(values.profile) : null
	};
}

const loadAverage = () =>
	loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');

interface Abuser {
	start(): void;
	/** Ends the abuse after the burst in flight; answers the counts so far. */
	stop(): Promise<AbuserCounts>;
	close(): void;
}

async function startAbuser(origin: string, cookie: string): Promise<Abuser> {
	const child = fork(ABUSER, [], {
		execArgv: ['--import', 'tsx'],
		env: { ...process.env, BENCH_ORIGIN: origin, BENCH_COOKIE: cookie }
	});
	const reply = (type: string) =>
		new Promise<{ counts: AbuserCounts }>((resolve, reject) => {
			const onExit = (code: number | null) => reject(new Error(`the abuser exited with ${code}`));
			child.once('exit', onExit);
			const onMessage = (message: { type: string; counts: AbuserCounts }) => {
				if (message.type !== type) return;
				child.off('message', onMessage);
				child.off('exit', onExit);
				resolve(message);
			};
			child.on('message', onMessage);
		});
	await reply('ready');
	return {
		start: () => child.send({ type: 'start' }),
		async stop() {
			const stopped = reply('stopped');
			child.send({ type: 'stop' });
			return (await stopped).counts;
		},
		close() {
			if (child.connected) child.send({ type: 'close' });
			else child.kill();
		}
	};
}

/** /health every half second (one at a time), timed: the cheapest request there is. */
function probeHealth(origin: string) {
	const samples: Timed[] = [];
	let busy = false;
	const timer = setInterval(() => {
		if (busy) return;
		busy = true;
		const at = now();
		fetch(`${origin}/health`, { signal: AbortSignal.timeout(30_000) })
			.then((r) => r.arrayBuffer())
			.then(
				() => samples.push({ at, ms: now() - at }),
				() => samples.push({ at, ms: 30_000 })
			)
			.finally(() => (busy = false));
	}, HEALTH_EVERY_MS);
	return { samples, stop: () => clearInterval(timer) };
}

interface Running {
	board: BenchProcess;
	clients: OrdinaryClients;
	writer: Writer;
	abuser: Abuser;
}

/** Warm-up, then the phases taking turns; the abuser's last burst still counts to its phase. */
async function runPhases(o: Options, { board, clients, writer, abuser }: Running) {
	const phases: Phase[] = [];
	clients.startReading(o.readEveryMs);
	writer.start(o.rate);
	await sleep(WARM_UP_MS);
	let counts: AbuserCounts | null = null;
	for (let round = 0; round < o.rounds; round++) {
		for (const kind of ['without', 'with'] as PhaseKind[]) {
			const cpu = board.cpuSeconds();
			const start = now();
			if (kind === 'with') abuser.start();
			await sleep(o.blockMs);
			if (kind === 'with') counts = await abuser.stop();
			phases.push({ kind, start, end: now(), serverCpuSeconds: board.cpuSeconds() - cpu });
		}
	}
	clients.stopReading();
	await writer.stop();
	// Stragglers: the last changes' pushes, boundedly.
	const expected = writer.sentAt.size * clients.count;
	const deadline = now() + 10_000;
	while (clients.receipts.length < expected && now() < deadline) await sleep(50);
	return { phases, counts: counts! };
}

async function shedCounts(origin: string): Promise<string> {
	const response = await fetch(`${origin}/metrics`, {
		headers: { authorization: `Bearer ${METRICS_TOKEN}` }
	});
	const text = await response.text();
	const channel = (name: string) =>
		Number(new RegExp(`^lead_board_shed_total\\{channel="${name}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
	return `socket ${channel('socket')}, http ${channel('http')}`;
}

function describe(kind: PhaseKind, f: PhaseFigures): string {
	return (
		`  ${kind.padEnd(7)}: pushes p50 ${ms(f.push.p50)} p99 ${ms(f.push.p99)} max ${ms(f.push.max)} ` +
		`(${f.push.count}/${f.expected} received); own reads p50 ${ms(f.reads.p50)} p99 ${ms(f.reads.p99)} ` +
		`(${f.reads.count} answered, refused ${JSON.stringify(f.readsRefused)}); /health p99 ${ms(f.health.p99)} ` +
		`max ${ms(f.health.max)}; server CPU ${Math.round(100 * f.cpuShare)}% over ${f.seconds.toFixed(0)} s`
	);
}

function summaryLine(
	without: PhaseFigures,
	withAbuser: PhaseFigures,
	dropped: number,
	refused: number
): string {
	const r = withAbuser.push.p99 / without.push.p99;
	const pass = r < TARGET_RATIO && dropped === 0;
	return (
		`fairness: ordinary_p99_ms without=${without.push.p99.toFixed(1)} with=${withAbuser.push.p99.toFixed(1)} ` +
		`ratio=${ratio(withAbuser.push.p99, without.push.p99)} dropped=${dropped} abuser_refused=${refused} ` +
		`target=<${TARGET_RATIO}x ${pass ? 'PASS' : 'FAIL'}`
	);
}

async function measure(o: Options, world: BenchWorld, cleanup: (() => void | Promise<void>)[]) {
	const board = await startProcess(
		'server/index.ts',
		{
			PORT: '0',
			HOST: '127.0.0.1',
			LEAD_LOG: 'info',
			DATABASE_PATH: world.databasePath,
			METRICS_TOKEN,
			// Every client signs in from this one address within a minute.
			SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000'
		},
		/"event":"board\.started".*"port":(\d+)/,
		o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : []
	);
	cleanup.push(() => board.stop());
	const origin = `http://127.0.0.1:${board.port}`;
	const [writerCookie, abuserCookie, ...cookies] = await signInAll(
		origin,
		world.emails,
		world.password,
		SIGN_IN_CONCURRENCY
	);
	const writer = await Writer.connect(origin, writerCookie);
	cleanup.push(() => writer.close());
	const clients = await OrdinaryClients.connect(origin, cookies);
	cleanup.push(() => clients.close());
	const abuser = await startAbuser(origin, abuserCookie);
	cleanup.push(() => abuser.close());
	console.log(`  ${world.emails.length} accounts signed in; ${clients.count} ordinary sockets connected`);

	const health = probeHealth(origin);
	cleanup.push(() => health.stop());
	const { phases, counts } = await runPhases(o, { board, clients, writer, abuser });
	health.stop();
	const samples = {
		sentAt: writer.sentAt,
		receipts: clients.receipts,
		reads: clients.reads,
		health: health.samples
	};
	const without = figuresOf('without', phases, samples, clients.count);
	const withAbuser = figuresOf('with', phases, samples, clients.count);
	const refused = Object.values(counts.refused).reduce((a, b) => a + b, 0);
	console.log(describe('without', without));
	console.log(describe('with', withAbuser));
	console.log(
		`  abuser : sent ${counts.sent}, answered ${counts.answered}, refused ${refused} ${JSON.stringify(counts.refused)}; ` +
			`closed by the server ${counts.disconnects} times, new sockets refused ${counts.handshakesRefused} times`
	);
	console.log(`  server : shed ${await shedCounts(origin)} expensive requests (busy)`);
	console.log(
		`  ordinary sockets dropped: ${clients.dropped}; writer: ${writer.sentAt.size} changes acknowledged, refused ${JSON.stringify(writer.refused)}`
	);
	return summaryLine(without, withAbuser, clients.dropped, refused);
}

async function main() {
	const o = parseOptions(process.argv.slice(2));
	const budgetMs = 2 * o.rounds * (o.blockMs + 15_000) + 5 * 60_000;
	setTimeout(() => {
		console.error('fairness bench: gave up (took too long)');
		process.exit(2);
	}, budgetMs).unref();
	process.env.LEAD_LOG = 'silent'; // this process seeds the database; only the board's own log matters
	console.log(
		`fairness bench: ${o.clients} ordinary clients (one account each), one writer at ${o.rate} changes/s, ` +
			`one abuser; ${o.rounds} rounds of ${o.blockMs / 1000} s without and ${o.blockMs / 1000} s with it; ` +
			`load average before: ${loadAverage()}`
	);
	const world = await buildWorld(o.clients + 2);
	const cleanup: (() => void | Promise<void>)[] = [() => world.remove()];
	const closeAll = async () => {
		for (const step of cleanup.splice(0).reverse()) await step();
	};
	process.once('SIGINT', () => void closeAll().finally(() => process.exit(130)));
	try {
		const line = await measure(o, world, cleanup);
		await closeAll();
		console.log(`  load average after: ${loadAverage()}`);
		console.log(line);
	} finally {
		await closeAll();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
