/** Development: the same services and realtime endpoints, on Vite's own HTTP server. */
import type { Server as HttpServer } from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import { loadConfig } from '../src/lib/server/config';
import { attachRealtime } from './realtime/attach';
import { startServices } from './start-services';

export async function startDevRealtime(httpServer: HttpServer | Http2SecureServer) {
	const config = loadConfig({ ...process.env, PORT: process.env.PORT || '3000' });
	const services = await startServices(config);
	const realtime = attachRealtime(httpServer as HttpServer, services, { production: false });
	return realtime;
}
