/**
 * `npm run dev`: gives Vite's dev server the same realtime endpoints as production
 * (socket.io and `/yjs/<room>`), on the same port, with the same services.
 */
import type { Plugin } from 'vite';

export function realtimeDevPlugin(): Plugin {
	return {
		name: 'lead-board-realtime',
		apply: 'serve',
		async configureServer(server) {
			if (process.env.VITEST || !server.httpServer) return;
			// Loaded through Vite so the TypeScript sources run as they do in SvelteKit's own modules.
			const { startDevRealtime } = (await server.ssrLoadModule(
				'/server/dev-realtime.ts'
			)) as typeof import('./dev-realtime');
			const realtime = await startDevRealtime(server.httpServer);
			// socket.io's long-polling requests, before Vite's own middleware sees them.
			server.middlewares.use((req, res, next) => {
				if (!realtime.handleRequest(req, res)) next();
			});
		}
	};
}
