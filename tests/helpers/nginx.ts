/**
 * A real nginx (Debian's package) on loopback, run by a test with its own prefix, configuration
 * and self-signed certificate in a temp folder: nothing of the machine's nginx is read or touched.
 * Its site configuration is the one the README shows, with only ports and paths put in.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { waitFor } from './wait';

export interface Nginx {
	/** `https://127.0.0.1:<port>`, the board's public origin in the test. */
	origin: string;
	tlsPort: number;
	plainPort: number;
	/** The self-signed certificate, for clients to trust. */
	ca: Buffer;
	stop(): Promise<void>;
}

const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** The README's nginx block (the first ```nginx fence). */
export function readmeNginxSite(): string {
	const readme = readFileSync('README.md', 'utf8');
	const match = /```nginx\n([\s\S]*?)```/.exec(readme);
	if (!match) throw new Error('The README shows no nginx configuration.');
	return match[1];
}

function site(ports: { tls: number; plain: number; board: number }, dir: string): string {
	const replacements: [string, string][] = [
		['listen 443 ssl;', `listen 127.0.0.1:${ports.tls} ssl;`],
		['listen 80;', `listen 127.0.0.1:${ports.plain};`],
		['server 127.0.0.1:3000;', `server 127.0.0.1:${ports.board};`],
		['/etc/ssl/lead-board/fullchain.pem', join(dir, 'cert.pem')],
		['/etc/ssl/lead-board/privkey.pem', join(dir, 'key.pem')]
	];
	let text = readmeNginxSite();
	for (const [from, to] of replacements) {
		if (!text.includes(from)) throw new Error(`The README's nginx configuration no longer has "${from}".`);
		text = text.replace(from, to);
	}
	return text;
}

function mainConfig(dir: string, siteText: string): string {
	const temp = (name: string) => join(dir, 'temp', name);
	return `
user ${userInfo().username};
daemon off;
master_process on;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path ${temp('body')};
	proxy_temp_path ${temp('proxy')};
	fastcgi_temp_path ${temp('fastcgi')};
	uwsgi_temp_path ${temp('uwsgi')};
	scgi_temp_path ${temp('scgi')};
${siteText}
}
`;
}

function selfSignedCertificate(dir: string): void {
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-days',
			'1',
			'-keyout',
			join(dir, 'key.pem'),
			'-out',
			join(dir, 'cert.pem'),
			'-subj',
			'/CN=127.0.0.1',
			'-addext',
			'subjectAltName=IP:127.0.0.1'
		],
		{ stdio: 'ignore' }
	);
}

/** Starts nginx in front of the board's port; resolves once it accepts TLS connections. */
export async function startNginx(boardPort: number): Promise<Nginx> {
	const dir = mkdtempSync(join(tmpdir(), 'lead-board-nginx-'));
	mkdirSync(join(dir, 'temp'));
	selfSignedCertificate(dir);
	const ports = { tls: await freePort(), plain: await freePort(), board: boardPort };
	const conf = join(dir, 'nginx.conf');
	writeFileSync(conf, mainConfig(dir, site(ports, dir)));
	const output: string[] = [];
	const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-e', 'stderr'], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (chunk) => output.push(String(chunk)));
	child.stderr!.on('data', (chunk) => output.push(String(chunk)));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	await untilListening(ports.tls, child, output);
	return {
		origin: `https://127.0.0.1:${ports.tls}`,
		tlsPort: ports.tls,
		plainPort: ports.plain,
		ca: readFileSync(join(dir, 'cert.pem')),
		async stop() {
			if (child.exitCode === null) child.kill('SIGQUIT'); // nginx's graceful stop
			await exited;
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

async function untilListening(port: number, child: ChildProcess, output: string[]): Promise<void> {
	await waitFor(
		() => {
			if (child.exitCode !== null)
				throw new Error(`nginx exited with ${child.exitCode}:\n${output.join('')}`);
			return accepts(port);
		},
		{ timeout: 15_000, interval: 50, message: `nginx on ${port}` }
	);
}

function accepts(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}
