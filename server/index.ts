/**
 * The board's production entry: one HTTP server on one port serving SvelteKit's build, socket.io
 * and `/yjs/<room>`, on one SQLite file. Shuts down on SIGTERM/SIGINT after flushing writes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, withListeningPort, type Config } from '../src/lib/server/config';
import { STAMPED_HEADERS, stampClient, trustFor } from '../src/lib/server/http/forwarded';
import { log, logConsoleAsJson, logNodeWarningsAsJson } from '../src/lib/server/log';
import { registerServices, type Services } from '../src/lib/server/services';
import { startOperations } from './operations';
import { startServices } from './start-services';
import { attachRealtime, type Realtime } from './realtime/attach';

type NodeHandler = (
	req: import('node:http').IncomingMessage,
	res: import('node:http').ServerResponse
) => void;

export interface RunningBoard {
	url: string;
	port: number;
	server: Server;
	services: Services;
	realtime: Realtime;
	close(): Promise<void>;
}

async function loadSvelteKitHandler(buildDir: string): Promise<NodeHandler> {
	// adapter-node reads these when its handler is imported.
	process.env.PROTOCOL_HEADER ??= STAMPED_HEADERS.protocol;
	process.env.ADDRESS_HEADER ??= STAMPED_HEADERS.address;
	// A roster upload of tens of thousands of rows is a few MB; the import refuses more than 8.
	process.env.BODY_SIZE_LIMIT ??= '10M';
	const file = resolve(buildDir, 'handler.js');
	if (!existsSync(file)) throw new Error(`No build found at ${file}; run npm run build first.`);
	const mod = (await import(pathToFileURL(file).href)) as { handler: NodeHandler };
	return mod.handler;
}

/** Starts the board. Listening comes first so a demo on port 0 knows its origin before auth starts. */
export async function startBoard(config: Config, buildDir = 'build'): Promise<RunningBoard> {
	const handler = await loadSvelteKitHandler(buildDir);
	const live: { realtime?: Realtime } = {};
	const trust = trustFor(config.trustProxy);
	const server = createServer((req, res) => {
		const realtime = live.realtime;
		if (!realtime) {
			res.writeHead(503, { 'retry-after': '1' }).end('The board is starting.');
			return;
		}
		stampClient(req, trust);
		if (!realtime.handleRequest(req, res)) handler(req, res);
	});
	const connections = new Set<Socket>();
	server.on('connection', (socket) => {
		connections.add(socket);
		socket.once('close', () => connections.delete(socket));
	});
	await new Promise<void>((done, fail) => {
		server.once('error', fail);
		server.listen(config.port, config.host, done);
	});
	const port = (server.address() as AddressInfo).port;
	const services = await startServices(withListeningPort(config, port));
	const realtime = attachRealtime(server, services, { production: true });
	const stopOperations = startOperations(services);
	live.realtime = realtime;
	const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
	const url = services.config.origin ?? `http://${shown}:${port}`;
	return {
		url,
		port,
		server,
		services,
		realtime,
		close: () => closeBoard(server, connections, services, realtime, stopOperations)
	};
}

/** How long connections get to finish closing when the board stops, before they are cut. */
const SHUTDOWN_GRACE_MS = 3_000;

async function closeBoard(
	server: Server,
	connections: Set<Socket>,
	services: Services,
	realtime: Realtime | undefined,
	stopOperations: () => void
) {
	services.lifecycle.stopping = true;
	const closed = new Promise<void>((done) => server.close(() => done()));
	await realtime?.close();
	server.closeAllConnections();
	// A websocket whose peer stopped answering (a frozen tab, a phone out of range) would hold the
	// stop for the 30 s its close handshake allows: after a short grace the board cuts it.
	const cut = setTimeout(() => {
		for (const socket of connections) socket.destroy();
	}, SHUTDOWN_GRACE_MS);
	await closed;
	clearTimeout(cut);
	stopOperations();
	services.close();
	registerServices(undefined);
}

async function main() {
	let config: Config;
	try {
		config = loadConfig();
	} catch (error) {
		if (error instanceof ConfigError) {
			log('error', 'board.config_invalid', { problems: error.problems.join('; ') });
			process.exit(1);
		}
		throw error;
	}
	logNodeWarningsAsJson();
	logConsoleAsJson();
	const board = await startBoard(config);
	log('info', 'board.started', { url: board.url, port: board.port, mode: config.mode });
	// Someone at a terminal is told where to go; a service's log gets only the JSON line above.
	if (config.mode === 'demo' && process.stdout.isTTY) {
		process.stdout.write(
			`\n  LEAD workgroup board (demo data) is running at ${board.url}\n  Sign in as sergeant@demo.test (and the other demo accounts in the README).\n\n`
		);
	}
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		log('info', 'board.stopping', { signal });
		board.close().then(
			() => process.exit(0),
			(error: unknown) => {
				log('error', 'board.stop_failed', { error: String(error) });
				process.exit(1);
			}
		);
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}

const entry = process.argv[1] ? pathToFileURL(resolve(process.argv[1])).href : '';
if (import.meta.url === entry) {
	main().catch((error: unknown) => {
		log('error', 'board.start_failed', { error: error instanceof Error ? error.message : String(error) });
		process.exit(1);
	});
}
