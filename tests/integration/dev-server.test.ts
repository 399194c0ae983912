/**
 * `npm run dev` on the port PORT names: Vite's dev server listens there and the board's own
 * origin checks expect that port, so a script signing in from it is let in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import { freePort } from '../helpers/ports';
import { waitFor } from '../helpers/wait';

let dev: ChildProcess;
let port: number;
let dir: string;
const output: string[] = [];

beforeAll(async () => {
	port = await freePort();
	dir = mkdtempSync(join(tmpdir(), 'lead-board-dev-'));
	dev = spawn('npm', ['run', 'dev'], {
		env: {
			...outsideVitest(),
			PORT: String(port),
			DATABASE_PATH: join(dir, 'board.sqlite'),
			LEAD_LOG: 'silent'
		},
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true
	});
	for (const stream of [dev.stdout!, dev.stderr!]) stream.on('data', (chunk) => output.push(String(chunk)));
	await waitFor(
		async () => (await fetch(`http://localhost:${port}/health`).catch(() => null))?.status === 200,
		{ timeout: 50_000, interval: 250, message: `the dev server on ${port}:\n${output.join('')}` }
	);
});

/** This process's environment without what Vitest adds (the dev plugin stands aside under Vitest). */
function outsideVitest(): NodeJS.ProcessEnv {
	const env = { ...process.env };
	for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST') delete env[key];
	if (env.NODE_ENV === 'test') delete env.NODE_ENV;
	return env;
}

afterAll(async () => {
	if (dev?.pid && dev.exitCode === null) {
		const exited = new Promise((resolve) => dev.once('exit', resolve));
		process.kill(-dev.pid, 'SIGTERM'); // npm, Vite and the board's checkpoint worker together
		await exited;
	}
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run dev with PORT', () => {
	it('listens on that port and signs a script in from its origin', async () => {
		const origin = `http://localhost:${port}`;
		const response = await fetch(`${origin}/api/auth/sign-in/email`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin },
			body: JSON.stringify({ email: 'sergeant@demo.test', password: DEMO_PASSWORD })
		});
		expect(response.status).toBe(200);
		// Vite colours its banner when it believes a terminal is there; the words are what count.
		expect(stripVTControlCharacters(output.join(''))).toContain(`localhost:${port}`);
	});
});
