/**
 * Starts the real board (`server/index.ts`: SvelteKit build, socket.io, Yjs) as its own process on
 * port 0 with its own SQLite file, and signs people in over HTTP exactly as a script would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { io as ioClient, type Socket } from 'socket.io-client';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/shared/events';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestBoard {
	origin: string;
	port: number;
	dir: string;
	databasePath: string;
	/** Every line the server printed, for tests that check what the log must never carry. */
	logs: string[];
	/** Graceful stop (SIGTERM), waiting for the process to exit. */
	stop(options?: { keepFiles?: boolean }): Promise<number | null>;
	/** Hard crash (SIGKILL). */
	kill(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

export async function startTestBoard(
	env: Record<string, string> = {},
	{ dir = mkdtempSync(join(tmpdir(), 'lead-board-')) }: { dir?: string } = {}
): Promise<TestBoard> {
	const databasePath = join(dir, 'board.sqlite');
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DATABASE_PATH: databasePath,
			LEAD_LOG: 'info',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const logs: string[] = [];
	const port = await waitForStart(child, logs);
	const origin = `http://127.0.0.1:${port}`;
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	return {
		origin,
		port,
		dir,
		databasePath,
		logs,
		async stop({ keepFiles = false } = {}) {
			if (child.exitCode === null) child.kill('SIGTERM');
			const code = await exited;
			if (!keepFiles) rmSync(dir, { recursive: true, force: true });
			return code;
		},
		async kill() {
			child.kill('SIGKILL');
			await exited;
		}
	};
}

function waitForStart(child: ChildProcess, logs: string[]): Promise<number> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`board did not start:\n${logs.join('\n')}`)),
			START_TIMEOUT_MS
		);
		for (const stream of [child.stdout!, child.stderr!]) {
			createInterface({ input: stream }).on('line', (line) => {
				logs.push(line);
				const match = /"event":"board\.started".*"port":(\d+)/.exec(line);
				if (match) {
					clearTimeout(timer);
					resolve(Number(match[1]));
				}
			});
		}
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`board exited with ${code} before starting:\n${logs.join('\n')}`));
		});
	});
}

/** Signs in through the documented HTTP call and returns the Cookie header to send. */
export async function signIn(
	board: { origin: string },
	email: string,
	password = DEMO_PASSWORD
): Promise<string> {
	const response = await fetch(`${board.origin}/api/auth/sign-in/email`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: board.origin },
		body: JSON.stringify({ email, password })
	});
	if (!response.ok) throw new Error(`sign-in for ${email} failed with ${response.status}`);
	return response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
}

/**
 * A socket.io client carrying a session cookie, connected (or refused) before it returns.
 * `listen` attaches handlers before the connection opens, so no early event is missed.
 */
export function connectSocket(
	board: { origin: string },
	cookie: string | null,
	{ origin = board.origin, listen }: { origin?: string; listen?: (socket: TestSocket) => void } = {}
): Promise<TestSocket> {
	const socket: TestSocket = ioClient(board.origin, {
		path: '/socket.io/',
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		extraHeaders: { ...(cookie ? { cookie } : {}), origin }
	});
	listen?.(socket);
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (error) => {
			socket.close();
			reject(error);
		});
	});
}
