import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, type OpenDatabase } from '../../src/lib/server/db/index';
import { YjsStore, type LoadedYjsDocument } from '../../src/lib/server/notes/yjs-store';
import { RoomRegistry } from '../../server/realtime/yjs/registry';
import { Room } from '../../server/realtime/yjs/room';
import { resolveSettings } from '../../server/realtime/yjs/types';

function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
	return { promise, resolve, reject };
}

const empty = (): LoadedYjsDocument => ({
	doc: new Y.Doc(),
	lastUpdateId: 0,
	pendingUpdates: 0,
	pendingBytes: 0,
	snapshotBytes: 0
});

/** A store that must never be written to in these tests. */
const untouchable = {
	append: () => {
		throw new Error('append must not be called');
	},
	compact: () => {
		throw new Error('compact must not be called');
	}
} as unknown as YjsStore;

const settings = resolveSettings({
	store: untouchable,
	authorize: async () => ({ ok: false, reason: 'FORBIDDEN' }),
	maxUpdateBytes: 1024,
	maxDocumentBytes: 1024 * 1024,
	maxClientsPerRoom: 2,
	unloadAfterMs: 60_000
});

describe('RoomRegistry', () => {
	const registries: RoomRegistry[] = [];
	const make = (loader: ConstructorParameters<typeof RoomRegistry>[1]) => {
		const registry = new RoomRegistry(settings, loader);
		registries.push(registry);
		return registry;
	};
	afterEach(() => registries.splice(0).forEach((registry) => registry.close()));

	it('loads a document once for clients joining at the same time', async () => {
		const pending = deferred<LoadedYjsDocument>();
		let loads = 0;
		const registry = make(() => {
			loads++;
			return pending.promise;
		});
		const first = registry.acquire('meeting.a.notes');
		const second = registry.acquire('meeting.a.notes');
		await Promise.resolve();
		pending.resolve(empty());
		const [a, b] = await Promise.all([first, second]);
		expect(a).toBe(b);
		expect(loads).toBe(1);
		expect(await registry.acquire('meeting.a.notes')).toBe(a);
		expect(loads).toBe(1);
	});

	it('rejects every waiter of a failed load, creates nothing, and loads afresh next time', async () => {
		const pending = deferred<LoadedYjsDocument>();
		let loads = 0;
		const registry = make(() => (++loads === 1 ? pending.promise : empty()));
		const first = registry.acquire('meeting.b.notes');
		const second = registry.acquire('meeting.b.notes');
		pending.reject(new Error('corrupt snapshot'));
		await expect(first).rejects.toThrow('corrupt snapshot');
		await expect(second).rejects.toThrow('corrupt snapshot');
		expect(registry.size).toBe(0);

		await registry.acquire('meeting.b.notes');
		expect(loads).toBe(2);
		expect(registry.size).toBe(1);
	});

	it('holds seats up to the cap and frees them once', () => {
		const registry = make(empty);
		const one = registry.reserve('meeting.c.notes');
		const two = registry.reserve('meeting.c.notes');
		expect(one && two).toBeTruthy();
		expect(registry.reserve('meeting.c.notes')).toBeNull();
		one?.();
		one?.(); // idempotent: frees one seat, not two
		expect(registry.occupancy('meeting.c.notes')).toBe(1);
		expect(registry.reserve('meeting.c.notes')).not.toBeNull();
	});
});

describe('Room.applyUpdate', () => {
	const NAME = 'meeting.room.notes';
	let database: OpenDatabase;
	let store: YjsStore;
	let room: Room;
	let frames: Uint8Array[];

	beforeEach(() => {
		database = openDatabase(':memory:');
		store = new YjsStore(database.db);
		room = new Room(NAME, store.load(NAME), { ...settings, store, compactAfterMs: 60_000 });
		frames = [];
		room.join({
			id: 1,
			access: { userId: 'u', sessionId: 's', canWrite: false },
			send: (f) => frames.push(f),
			close() {}
		});
	});
	afterEach(() => {
		room.destroy();
		database.close();
	});

	const peer = { id: 2, access: { userId: 'w', sessionId: 's2', canWrite: true }, send() {}, close() {} };
	const textUpdate = (value: string) => {
		const doc = new Y.Doc();
		doc.getText('notes').insert(0, value);
		return Y.encodeStateAsUpdate(doc);
	};

	it('stores, applies, then broadcasts an accepted update', () => {
		expect(room.applyUpdate(textUpdate('hello'), peer)).toEqual({ ok: true });
		expect(store.pendingCount(NAME)).toBe(1);
		expect(room.doc.getText('notes').toString()).toBe('hello');
		expect(frames).toHaveLength(1);
	});

	it('reports an append failure without touching the doc or broadcasting', () => {
		database.sqlite.exec(
			`create trigger no_append before insert on yjs_updates begin select raise(abort, 'full'); end`
		);
		const outcome = room.applyUpdate(textUpdate('lost'), peer);
		expect(outcome).toMatchObject({ ok: false, stage: 'append' });
		expect(room.doc.getText('notes').toString()).toBe('');
		expect(frames).toHaveLength(0);
	});

	it('rolls the log row back when Yjs throws while applying, and broadcasts nothing', () => {
		room.doc.on('afterTransaction', () => {
			throw new Error('observer failed');
		});
		const outcome = room.applyUpdate(textUpdate('half'), peer);
		expect(outcome).toMatchObject({ ok: false, stage: 'apply' });
		expect(store.pendingCount(NAME)).toBe(0);
		expect(frames).toHaveLength(0);
	});
});
