/**
 * The one upgrade router: socket.io's path goes to its engine, `/yjs/<room>` to the Yjs
 * server, and anything else is closed (in production) or left to Vite (in development).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { SOCKET_PATH, YJS_PATH_PREFIX } from '../../src/lib/shared/events';

export interface UpgradeTargets {
	socketIo: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
	yjs: (req: IncomingMessage, socket: Duplex, head: Buffer, room: string) => void;
}

/** Returns true when the router took the upgrade. */
export function createUpgradeRouter(targets: UpgradeTargets, { closeOthers }: { closeOthers: boolean }) {
	return (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
		const path = (req.url ?? '/').split('?')[0];
		if (path.startsWith(SOCKET_PATH)) {
			targets.socketIo(req, socket, head);
			return true;
		}
		if (path.startsWith(YJS_PATH_PREFIX)) {
			let room: string;
			try {
				room = decodeURIComponent(path.slice(YJS_PATH_PREFIX.length));
			} catch {
				refuse(socket, 400, 'Bad Request');
				return true;
			}
			targets.yjs(req, socket, head, room);
			return true;
		}
		if (closeOthers) refuse(socket, 404, 'Not Found');
		return closeOthers;
	};
}

export function refuse(socket: Duplex, status: number, text: string): void {
	if (socket.writable)
		socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
	socket.destroy();
}
