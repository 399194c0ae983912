/**
 * The notes server's WebSocket class. `ws` refuses a frame over the update limit from its header,
 * before buffering it, and would close with the protocol's 1009; the board's clients and its
 * README know that refusal as 4413 (too_large), so that code is sent instead, whatever the size.
 */
import WebSocket from 'ws';
import { CLOSE_CODES } from '../../../src/lib/shared/errors';
import type { YjsLog } from './types';

/** RFC 6455's "message too big", which `ws` sends for a frame over `maxPayload`. */
const MESSAGE_TOO_BIG = 1009;
const OVER_LIMIT = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/** For `WebSocketServer({ WebSocket: NotesSocket })`. */
export class NotesSocket extends WebSocket {
	override close(code?: number, reason?: string | Buffer): void {
		if (code !== MESSAGE_TOO_BIG) return super.close(code, reason);
		const { code: tooLarge, reason: why } = CLOSE_CODES.TOO_LARGE;
		super.close(tooLarge, why);
	}
}

/**
 * Listens for the socket's errors from the moment it opens, before any connection does (while a
 * cold room loads): an 'error' event without a listener would end the process.
 */
export function watchSocketErrors(ws: WebSocket, log: YjsLog, room: string, limit: number): void {
	ws.on('error', (error: Error & { code?: string }) => {
		if (error.code === OVER_LIMIT) log('yjs.message_too_large', { room, limit });
	});
}
