/**
 * Refusing an upgrade before any WebSocket exists: a plain HTTP response with the status
 * CLOSE_CODES names, written to the raw socket, which is then destroyed.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { CLOSE_CODES, type CloseCode } from '../../../src/lib/shared/errors';

/** A peer that never reads its response must not keep the socket open. */
const DESTROY_AFTER_MS = 2_000;

export function refuseUpgrade(socket: Duplex, code: CloseCode): void {
	if (!socket.writable || socket.destroyed) {
		socket.destroy();
		return;
	}
	const { status, reason } = CLOSE_CODES[code];
	const head =
		`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
		`Connection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`;
	const timer = setTimeout(() => socket.destroy(), DESTROY_AFTER_MS);
	timer.unref();
	socket.end(head, () => {
		clearTimeout(timer);
		socket.destroy();
	});
}
