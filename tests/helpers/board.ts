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
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { DEMO_PASSWORD, DEMO_TOTP_ACCOUNT, DEMO_TOTP_SECRET } from '../../src/lib/server/demo/seed';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/shared/events';
import { within } from './wait';

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
/** A graceful stop flushes and closes every connection; far longer than that is a hang. */
const STOP_TIMEOUT_MS = 30_000;

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
			// Tests share a busy machine, where a starved process lags too: shedding would refuse
			// their pages at random. It is on only where a test sets LOAD_SHED_LAG_MS itself.
			LOAD_SHED_LAG_MS: '0',
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
			const code = await within(exited, STOP_TIMEOUT_MS);
			if (code === 'hung') {
				// A board that ignores SIGTERM would hold its port past any deploy: said plainly, then ended.
				child.kill('SIGKILL');
				await exited;
				throw new Error(
					`board did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM; its last lines:\n${logs.slice(-15).join('\n')}`
				);
			}
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

const cookieHeader = (response: Response) =>
	response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.filter((c) => !c.endsWith('='))
		.join('; ');

export interface SignInOptions {
	/** Acknowledge the system-use notice as the documented `POST /notice` (default true). */
	acknowledgeNotice?: boolean;
	/**
	 * For an account with an authenticator app: the current 6-digit code. The demo's one such
	 * account (supervisor@demo.test) gets a code from its seeded secret when none is given.
	 */
	totpCode?: string;
}

/**
 * Signs in through the documented HTTP calls and returns the Cookie header to send: the
 * password, the authenticator code when the account has one, then the system-use notice.
 */
export async function signIn(
	board: { origin: string },
	email: string,
	password = DEMO_PASSWORD,
	{ acknowledgeNotice: acknowledge = true, totpCode }: SignInOptions = {}
): Promise<string> {
	const response = await fetch(`${board.origin}/api/auth/sign-in/email`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: board.origin },
		body: JSON.stringify({ email, password })
	});
	if (!response.ok) throw new Error(`sign-in for ${email} failed with ${response.status}`);
	let cookie = cookieHeader(response);
	if (((await response.json()) as { twoFactorRedirect?: boolean }).twoFactorRedirect) {
		totpCode ??= email === DEMO_TOTP_ACCOUNT ? await demoTotpCode() : undefined;
		if (!totpCode) throw new Error(`${email} signs in with an authenticator code; pass totpCode`);
		const verified = await fetch(`${board.origin}/api/auth/two-factor/verify-totp`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: board.origin, cookie },
			body: JSON.stringify({ code: totpCode })
		});
		if (!verified.ok) throw new Error(`the code for ${email} was refused with ${verified.status}`);
		cookie = cookieHeader(verified);
	}
	if (acknowledge) await acknowledgeNotice(board, cookie);
	return cookie;
}

/** The code an authenticator app holding the demo's seeded secret shows now (better-auth's TOTP). */
export function demoTotpCode(): Promise<string> {
	return createOTP(base32.decode(DEMO_TOTP_SECRET), { digits: 6, period: 30 }).totp();
}

/** `POST /notice` with the session cookie: the script's way of acknowledging the notice. */
export async function acknowledgeNotice(board: { origin: string }, cookie: string): Promise<void> {
	const response = await fetch(`${board.origin}/notice`, {
		method: 'POST',
		headers: { cookie, origin: board.origin },
		redirect: 'manual'
	});
	if (response.status !== 200) throw new Error(`acknowledging the notice failed with ${response.status}`);
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

/** What SvelteKit answers an enhanced form post with. */
export interface ActionReply {
	type: string;
	status?: number;
	data?: string;
}

/** Posts a form action the way an enhanced SvelteKit form does, and answers SvelteKit's reply. */
export async function postAction(
	board: { origin: string },
	cookie: string,
	path: string,
	fields: Record<string, string> | [string, string][]
): Promise<ActionReply> {
	const response = await fetch(`${board.origin}${path}`, {
		method: 'POST',
		headers: {
			cookie,
			origin: board.origin,
			'x-sveltekit-action': 'true',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields)
	});
	return (await response.json()) as ActionReply;
}

/** A board socket that records how its session ends: the codes the server sent, and the close. */
export async function connectWatchingEnd(board: { origin: string }, cookie: string) {
	const ended: string[] = [];
	const state = { disconnected: false };
	const socket = await connectSocket(board, cookie, {
		listen: (s) => {
			s.on('session:ended:v1', (m) => ended.push(m.code));
			s.on('disconnect', () => (state.disconnected = true));
		}
	});
	return {
		socket,
		ended,
		get disconnected() {
			return state.disconnected;
		}
	};
}
