/**
 * Child processes the notes benchmark measures: the real board (`server/index.ts`) and the bare
 * relay, each on 127.0.0.1 port 0 with the V8 inspector on loopback, through which the bench
 * reads the process's heap (after a forced GC where asked); CPU time comes from /proc (Linux).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const START_TIMEOUT_MS = 60_000;
const CALL_TIMEOUT_MS = 30_000;
/** Clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

export interface Measured {
	port: number;
	origin: string;
	inspector: Inspector;
	/** CPU time (user + system) the process has used so far, in milliseconds. */
	cpuMs(): number;
	/** Calls `listener` with every line the process prints (until it exits); returns the unsubscribe. */
	onLine(listener: (line: string) => void): () => void;
	stop(): Promise<void>;
}

/** Starts `node --inspect --import tsx <script>` and resolves once it printed its port. */
export async function startMeasured(
	script: string,
	env: Record<string, string>,
	portPattern: RegExp
): Promise<Measured> {
	// BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of each measured process there when it exits.
	const profile = process.env.BENCH_PROFILE_DIR
		? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
		: [];
	const child = spawn(process.execPath, [...profile, '--inspect=127.0.0.1:0', '--import', 'tsx', script], {
		env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const listeners = new Set<(line: string) => void>();
	for (const stream of [child.stdout!, child.stderr!]) {
		createInterface({ input: stream }).on('line', (line) => {
			for (const listener of listeners) listener(line);
		});
	}
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const { port, inspectorUrl } = await waitForStart(child, listeners, portPattern);
	const inspector = await Inspector.connect(inspectorUrl);
	return {
		port,
		origin: `http://127.0.0.1:${port}`,
		inspector,
		cpuMs: () => cpuMsOf(child.pid!),
		onLine(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async stop() {
			inspector.close();
			if (child.exitCode !== null || child.signalCode !== null) return;
			if (child.exitCode === null) child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			await exited;
			clearTimeout(timer);
		}
	};
}

function cpuMsOf(pid: number): number {
	// Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

function waitForStart(
	child: ChildProcess,
	listeners: Set<(line: string) => void>,
	portPattern: RegExp
): Promise<{ port: number; inspectorUrl: string }> {
	return new Promise((resolve, reject) => {
		const seen: string[] = [];
		let port = 0;
		let inspectorUrl = '';
		const timer = setTimeout(() => done(new Error(`did not start:\n${seen.join('\n')}`)), START_TIMEOUT_MS);
		const listener = (line: string) => {
			if (seen.length < 200) seen.push(line);
			const inspect = /Debugger listening on (ws:\/\/\S+)/.exec(line);
			if (inspect) inspectorUrl = inspect[1];
			const match = portPattern.exec(line);
			if (match) port = Number(match[1]);
			if (port && inspectorUrl) done(null);
		};
		const onExit = (code: number | null) => done(new Error(`exited with ${code}:\n${seen.join('\n')}`));
		function done(error: Error | null) {
			clearTimeout(timer);
			listeners.delete(listener);
			child.off('exit', onExit);
			if (error) reject(error);
			else resolve({ port, inspectorUrl });
		}
		listeners.add(listener);
		child.once('exit', onExit);
	});
}

/** The Chrome DevTools protocol, just enough to force a GC and read the heap of the process. */
export class Inspector {
	private nextId = 1;
	private readonly pending = new Map<number, (reply: { result?: unknown; error?: unknown }) => void>();

	private constructor(private readonly ws: WebSocket) {
		ws.on('message', (data) => {
			const reply = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: unknown };
			if (reply.id !== undefined) this.pending.get(reply.id)?.(reply);
		});
	}

	static connect(url: string): Promise<Inspector> {
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(url, { perMessageDeflate: false });
			ws.once('open', () => resolve(new Inspector(ws)));
			ws.once('error', reject);
		});
	}

	call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new Error(`inspector ${method} timed out`));
			}, CALL_TIMEOUT_MS);
			this.pending.set(id, (reply) => {
				clearTimeout(timer);
				this.pending.delete(id);
				if (reply.error) reject(new Error(`inspector ${method}: ${JSON.stringify(reply.error)}`));
				else resolve(reply.result);
			});
			this.ws.send(JSON.stringify({ id, method, params }));
		});
	}

	/** V8 heap in use, in bytes; after full garbage collections when `gc` is set. */
	async heapUsed(gc = false): Promise<number> {
		if (gc) {
			await this.call('HeapProfiler.collectGarbage');
			await this.call('HeapProfiler.collectGarbage');
		}
		const usage = (await this.call('Runtime.getHeapUsage')) as { usedSize: number };
		return usage.usedSize;
	}

	close(): void {
		this.ws.close();
	}
}
