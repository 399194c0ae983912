/**
 * Child processes of the benchmark: the real board (as `startTestBoard` spawns it, plus the heap
 * probe) and the bare socket.io server, on 127.0.0.1 and port 0, with what the bench reads from
 * them: the port, the heap after a full collection, and CPU time from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root: the board resolves `build/` and its scripts from here. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HEAP_PROBE = fileURLToPath(new URL('./heap-probe.ts', import.meta.url));

const START_TIMEOUT_MS = 60_000;
const HEAP_TIMEOUT_MS = 15_000;
/** Clock ticks per second for /proc/<pid>/stat (USER_HZ is 100 on Linux). */
const CLOCK_TICKS = 100;

export interface Heap {
	heapUsed: number;
	rss: number;
	external: number;
	arrayBuffers: number;
}

export interface BenchProcess {
	pid: number;
	port: number;
	logs: string[];
	/** Heap after two full collections, reported by bench/heap-probe.ts over IPC. */
	heap(): Promise<Heap>;
	/** CPU seconds (user + system) the process has used so far. */
	cpuSeconds(): number;
	stop(): Promise<void>;
}

/** Spawns `node --expose-gc --import tsx --import heap-probe <script>` and waits for its port line. */
export async function startProcess(
	script: string,
	env: Record<string, string>,
	portLine: RegExp,
	nodeArgs: string[] = []
): Promise<BenchProcess> {
	const child = spawn(
		process.execPath,
		[...nodeArgs, '--expose-gc', '--import', 'tsx', '--import', HEAP_PROBE, script],
		{ cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }
	);
	const logs: string[] = [];
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const port = await waitForPort(child, logs, portLine);
	return {
		pid: child.pid!,
		port,
		logs,
		heap: () => requestHeap(child),
		cpuSeconds: () => cpuSecondsOf(child.pid!),
		async stop() {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			await exited;
		}
	};
}

function waitForPort(child: ChildProcess, logs: string[], portLine: RegExp): Promise<number> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`did not start:\n${logs.join('\n')}`)), START_TIMEOUT_MS);
		for (const stream of [child.stdout!, child.stderr!]) {
			createInterface({ input: stream }).on('line', (line) => {
				logs.push(line);
				const match = portLine.exec(line);
				if (match) {
					clearTimeout(timer);
					resolve(Number(match[1]));
				}
			});
		}
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`exited with ${code} before starting:\n${logs.join('\n')}`));
		});
	});
}

function requestHeap(child: ChildProcess): Promise<Heap> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.off('message', onMessage);
			reject(new Error('no heap reply'));
		}, HEAP_TIMEOUT_MS);
		const onMessage = (message: unknown) => {
			const reply = message as { type?: string } & Heap;
			if (reply?.type !== 'heap') return;
			clearTimeout(timer);
			child.off('message', onMessage);
			resolve(reply);
		};
		child.on('message', onMessage);
		child.send({ type: 'heap' });
	});
}

function cpuSecondsOf(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may contain spaces) start at state: utime is 14th, stime 15th.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
