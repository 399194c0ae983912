/**
 * One write per socket per turn of the event loop. A room sends every update to every peer, and
 * each frame written on its own costs a system call per peer; when several updates are handled in
 * one turn (a burst of typing, or a server catching up after a pause), each peer's frames are held
 * and go out together at the end of the turn. Frames keep their order, and nothing waits past the
 * turn it was sent in, so an idle server sends as soon as it did before.
 */
import type { Duplex } from 'node:stream';

export class WriteBatch {
	private readonly held = new Set<Duplex>();

	/** Holds what is written to `socket` until the end of this turn (once per turn per socket). */
	hold(socket: Duplex): void {
		if (this.held.has(socket) || socket.writableEnded || socket.destroyed) return;
		socket.cork();
		this.held.add(socket);
		if (this.held.size === 1) setImmediate(this.flush);
	}

	private readonly flush = (): void => {
		for (const socket of this.held) socket.uncork();
		this.held.clear();
	};
}
