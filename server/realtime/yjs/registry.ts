/**
 * The loaded rooms: single-flight loading, seat reservations for upgrades in progress, and the
 * compact-then-unload cycle of rooms nobody is connected to.
 */
import type { LoadedYjsDocument } from '../../../src/lib/server/notes/yjs-store';
import type { CloseCode } from '../../../src/lib/shared/errors';
import { Room, type Peer } from './room';
import type { YjsSettings } from './types';

export type RoomLoader = (name: string) => LoadedYjsDocument | Promise<LoadedYjsDocument>;

export class RoomRegistry {
	private readonly rooms = new Map<string, Room>();
	private readonly loading = new Map<string, Promise<Room>>();
	private readonly reservations = new Map<string, number>();
	private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
	private closed = false;

	constructor(
		private readonly settings: YjsSettings,
		private readonly loader: RoomLoader
	) {}

	get size(): number {
		return this.rooms.size;
	}

	all(): Room[] {
		return [...this.rooms.values()];
	}

	isLoaded(name: string): boolean {
		return this.rooms.has(name);
	}

	/** Peers connected plus upgrades that hold a seat. */
	occupancy(name: string): number {
		return (this.rooms.get(name)?.peers.size ?? 0) + (this.reservations.get(name) ?? 0);
	}

	/** Holds a seat for an upgrade in progress; null when the room is full. The release is idempotent. */
	reserve(name: string): (() => void) | null {
		if (this.occupancy(name) >= this.settings.maxClientsPerRoom) return null;
		this.reservations.set(name, (this.reservations.get(name) ?? 0) + 1);
		let held = true;
		return () => {
			if (!held) return;
			held = false;
			const left = (this.reservations.get(name) ?? 1) - 1;
			if (left > 0) this.reservations.set(name, left);
			else this.reservations.delete(name);
			this.settle(name);
		};
	}

	/** The loaded room, or one load shared by everyone asking at once. A failed load rejects them all. */
	acquire(name: string): Promise<Room> {
		if (this.closed) return Promise.reject(new Error('registry closed'));
		const room = this.rooms.get(name);
		if (room) {
			this.cancelUnload(name);
			return Promise.resolve(room);
		}
		const inFlight = this.loading.get(name);
		if (inFlight) return inFlight;
		const startedAt = performance.now();
		const load = Promise.resolve()
			.then(() => this.loader(name))
			.then((loaded) => this.install(name, loaded, performance.now() - startedAt))
			.finally(() => this.loading.delete(name));
		this.loading.set(name, load);
		return load;
	}

	attach(room: Room, peer: Peer): void {
		this.cancelUnload(room.name);
		room.join(peer);
	}

	detach(room: Room, peer: Peer): void {
		room.leave(peer);
		this.settle(room.name);
	}

	/**
	 * Drops a room whose in-memory doc can no longer be trusted (an update failed half-way).
	 * Its peers are closed and the next client loads it again from the store.
	 */
	evict(room: Room, code: CloseCode): void {
		if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
		this.cancelUnload(room.name);
		for (const peer of [...room.peers]) peer.close(code);
		room.destroy();
		this.settings.log('yjs.room_evicted', { room: room.name });
	}

	/** Compacts every loaded room; rejects after trying all if any could not be written. */
	async flush(): Promise<void> {
		const failed = this.all().filter((room) => !room.compact());
		if (failed.length > 0) throw new Error(`compaction failed for ${failed.length} document(s)`);
	}

	/** Stops every timer and frees every doc. Call after flush. */
	close(): void {
		this.closed = true;
		for (const timer of this.unloadTimers.values()) clearTimeout(timer);
		this.unloadTimers.clear();
		for (const room of this.rooms.values()) room.destroy();
		this.rooms.clear();
	}

	private install(name: string, loaded: LoadedYjsDocument, loadMs: number): Room {
		if (this.closed) {
			loaded.doc.destroy();
			throw new Error('registry closed');
		}
		const room = new Room(name, loaded, this.settings);
		this.rooms.set(name, room);
		const fields = {
			room: name,
			updates: loaded.pendingUpdates,
			bytes: loaded.snapshotBytes + loaded.pendingBytes
		};
		this.settings.log('yjs.loaded', { ...fields, ms: Math.round(loadMs) });
		this.settle(name); // nobody may be waiting any more
		return room;
	}

	/** When nobody occupies a loaded room: compact now, unload after unloadAfterMs. */
	private settle(name: string): void {
		const room = this.rooms.get(name);
		if (this.closed || !room || this.occupancy(name) > 0 || this.unloadTimers.has(name)) return;
		room.compact();
		this.scheduleUnload(name);
	}

	private scheduleUnload(name: string): void {
		const timer = setTimeout(() => this.unload(name), this.settings.unloadAfterMs);
		timer.unref();
		this.unloadTimers.set(name, timer);
	}

	private cancelUnload(name: string): void {
		const timer = this.unloadTimers.get(name);
		if (timer) clearTimeout(timer);
		this.unloadTimers.delete(name);
	}

	/** Unloads only an empty room with nothing left to save; a failed save retries later. */
	private unload(name: string): void {
		this.unloadTimers.delete(name);
		const room = this.rooms.get(name);
		if (this.closed || !room || this.occupancy(name) > 0) return;
		if (!room.compact() || room.hasPendingSave) {
			this.scheduleUnload(name);
			return;
		}
		this.rooms.delete(name);
		room.destroy();
		this.settings.log('yjs.unloaded', { room: name });
	}
}
