// Builds the board when there is no build yet, or when a source file is newer than it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const marker = 'build/handler.js';
const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newest(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
if (built < Math.max(...sources.map(newest))) {
	console.log(
		built ? 'Sources changed since the last build: building the board…' : 'Building the board (first start)…'
	);
	execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
