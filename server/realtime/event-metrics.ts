/**
 * Times every socket event from its arrival to its acknowledgement and counts its outcome, for
 * the operator's metrics. An event name no handler listens for is counted as `other`, so a
 * client cannot mint label values.
 */
import type { BoardMetrics } from '../../src/lib/server/metrics';
import type { BoardSocket } from './types';

export function observeEvents(socket: BoardSocket, metrics: BoardMetrics): void {
	socket.use((packet, next) => {
		const name = String(packet[0]);
		const event = socket.listenerCount(name as never) ? name : 'other';
		const started = performance.now();
		const last = packet.length - 1;
		const ack: unknown = packet[last];
		if (last > 0 && typeof ack === 'function') {
			packet[last] = (reply: { ok?: boolean; code?: string } | undefined) => {
				const outcome = reply?.ok ? 'ok' : (reply?.code ?? 'unknown');
				metrics.socketEvent(event, outcome, (performance.now() - started) / 1000);
				(ack as (reply: unknown) => void)(reply);
			};
		} else {
			metrics.socketEvent(event, 'no_ack', 0);
		}
		next();
	});
}
