import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	createYjsServer,
	type YjsAuthorize,
	type YjsServer,
	type YjsServerOptions
} from '../../server/realtime/yjs/index';
import { openDatabase, type OpenDatabase } from '../../src/lib/server/db/index';
import { YjsStore } from '../../src/lib/server/notes/yjs-store';
import { YJS_PATH_PREFIX } from '../../src/lib/shared/events';
import { waitFor } from '../helpers/wait';

const MAX_UPDATE_BYTES = 16 * 1024;

/** Test stub (not under test): `?user=&session=&mode=write|read|deny` decides. */
const authorize: YjsAuthorize = async (req) => {
	const query = new URL(req.url ?? '/', 'http://test').searchParams;
	const userId = query.get('user');
	if (!userId) return { ok: false, reason: 'UNAUTHENTICATED' };
	if (query.get('mode') === 'deny') return { ok: false, reason: 'FORBIDDEN' };
	const access = {
		userId,
		sessionId: query.get('session') ?? `${userId}-s`,
		canWrite: query.get('mode') !== 'read'
	};
	return { ok: true, access };
};

interface Harness {
	yjs: YjsServer;
	store: YjsStore;
	database: OpenDatabase;
	base: string;
	events: string[];
	/** Each log line's event and fields. */
	logged: Array<{ event: string; fields: Record<string, string | number> }>;
	tooLarge: Array<{ room: string; bytes: number }>;
	stop(): Promise<void>;
}

const harnesses: Harness[] = [];
const providers: WebsocketProvider[] = [];
const sockets: Array<WebSocket | net.Socket> = [];
const tempDirs: string[] = [];

async function start(overrides: Partial<YjsServerOptions> & { file?: string } = {}): Promise<Harness> {
	const { file = ':memory:', ...options } = overrides;
	const database = openDatabase(file);
	const store = new YjsStore(database.db);
	const events: string[] = [];
	const logged: Harness['logged'] = [];
	const tooLarge: Harness['tooLarge'] = [];
	const yjs = createYjsServer({
		store,
		authorize,
		maxUpdateBytes: MAX_UPDATE_BYTES,
		maxDocumentBytes: 1024 * 1024,
		maxClientsPerRoom: 10,
		compactAfterMs: 200,
		unloadAfterMs: 200,
		log: (event, fields) => {
			events.push(event);
			logged.push({ event, fields });
		},
		onDocumentTooLarge: (room, bytes) => tooLarge.push({ room, bytes }),
		...options
	});
	const server = http.createServer((_req, res) => res.writeHead(404).end());
	server.on('upgrade', (req, socket, head) => {
		const path = new URL(req.url ?? '/', 'http://test').pathname;
		if (!path.startsWith(YJS_PATH_PREFIX)) return socket.destroy();
		yjs.handleUpgrade(req, socket, head, decodeURIComponent(path.slice(YJS_PATH_PREFIX.length)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	let stopped = false;
	const harness: Harness = {
		yjs,
		store,
		database,
		base: `ws://127.0.0.1:${port}/yjs`,
		events,
		logged,
		tooLarge,
		async stop() {
			if (stopped) return;
			stopped = true;
			await yjs.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			database.close();
		}
	};
	harnesses.push(harness);
	return harness;
}

interface Client {
	doc: Y.Doc;
	text: Y.Text;
	provider: WebsocketProvider;
	closeCodes: number[];
}

function connect(h: Harness, room: string, params: Record<string, string>): Client {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(h.base, room, doc, {
		params,
		disableBc: true,
		maxBackoffTime: 300,
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket
	});
	providers.push(provider);
	const closeCodes: number[] = [];
	provider.on('connection-close', (event) => {
		if (event) closeCodes.push(event.code);
	});
	return { doc, text: doc.getText('notes'), provider, closeCodes };
}

async function synced(...clients: Client[]): Promise<void> {
	await waitFor(() => clients.every((client) => client.provider.synced), { message: 'providers synced' });
}

/** A raw client; resolves with the HTTP status when the upgrade is refused, or the open socket. */
function rawUpgrade(url: string): Promise<{ status: number; ws: WebSocket | null }> {
	return new Promise((resolve) => {
		const ws = new WebSocket(url);
		sockets.push(ws);
		ws.on('error', () => {});
		ws.on('open', () => resolve({ status: 101, ws }));
		ws.on('unexpected-response', (req, res) => {
			resolve({ status: res.statusCode ?? 0, ws: null });
			res.resume();
			req.destroy();
		});
	});
}

function closeCodeOf(ws: WebSocket): Promise<number> {
	return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

function syncUpdateFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0); // sync
	encoding.writeVarUint(encoder, 2); // update
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

function storedText(h: Harness, room: string): string {
	return h.store.load(room).doc.getText('notes').toString();
}

function isStored(h: Harness, room: string): boolean {
	return h.store.pendingCount(room) > 0 || h.store.readSnapshot(room) !== null;
}

afterEach(async () => {
	for (const provider of providers.splice(0)) provider.destroy();
	for (const socket of sockets.splice(0)) {
		if (socket instanceof WebSocket) socket.terminate();
		else socket.destroy();
	}
	await Promise.all(harnesses.splice(0).map((h) => h.stop()));
});

afterAll(() => {
	for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('Yjs WebSocket server', () => {
	it('two writers converge on identical text', async () => {
		const h = await start();
		const a = connect(h, 'meeting.m1.notes', { user: 'ana' });
		const b = connect(h, 'meeting.m1.notes', { user: 'ben' });
		await synced(a, b);
		a.text.insert(0, 'Case 7 housing placed. ');
		b.text.insert(0, 'Case 9 follow-up Tuesday. ');
		await waitFor(() => a.text.length === b.text.length && a.text.length > 40, { message: 'convergence' });
		expect(a.text.toString()).toBe(b.text.toString());
		expect(a.text.toString()).toContain('Case 7 housing placed.');
		expect(a.text.toString()).toContain('Case 9 follow-up Tuesday.');
		expect(storedText(h, 'meeting.m1.notes')).toBe(a.text.toString());
	});

	it('a read-only client receives text but its edits reach neither the writer nor the store', async () => {
		const h = await start();
		const room = 'meeting.ro.notes';
		const writer = connect(h, room, { user: 'wes' });
		const reader = connect(h, room, { user: 'rita', mode: 'read' });
		await synced(writer, reader);
		writer.text.insert(0, 'Agenda');
		await waitFor(() => reader.text.toString() === 'Agenda', { message: 'reader receives' });

		reader.text.insert(0, 'TAMPERED ');
		// Barrier: the server handles one socket's frames in order, so once the reader's awareness
		// (sent after its edit) reaches the writer, the edit has already been handled.
		reader.provider.awareness.setLocalStateField('mark', 'after-edit');
		await waitFor(() =>
			[...writer.provider.awareness.getStates().values()].some((state) => state.mark === 'after-edit')
		);
		expect(writer.text.toString()).toBe('Agenda');
		expect(storedText(h, room)).toBe('Agenda');
		expect(h.events).toContain('yjs.readonly_update_dropped');

		writer.text.insert(6, ': budget');
		await waitFor(() => reader.text.toString().includes('Agenda: budget'), {
			message: 'later writes reach reader'
		});
		expect(reader.closeCodes).toEqual([]);
	});

	it('refuses an unauthorized upgrade with HTTP 403 before loading anything, and an unknown room with 404', async () => {
		const h = await start();
		const denied = await rawUpgrade(`${h.base}/meeting.m1.notes?user=eve&mode=deny`);
		expect(denied).toEqual({ status: 403, ws: null });
		const anonymous = await rawUpgrade(`${h.base}/meeting.m1.notes`);
		expect(anonymous.status).toBe(401);
		const unknown = await rawUpgrade(`${h.base}/not-a-room?user=ana`);
		expect(unknown.status).toBe(404);
		expect(h.yjs.stats()).toMatchObject({ documents: 0, connections: 0 });
	});

	it('refuses one client over the room cap with HTTP 429, and admits again once a seat frees', async () => {
		const h = await start({ maxClientsPerRoom: 2 });
		const room = 'meeting.full.notes';
		const a = connect(h, room, { user: 'a' });
		const b = connect(h, room, { user: 'b' });
		await synced(a, b);
		expect((await rawUpgrade(`${h.base}/${room}?user=c`)).status).toBe(429);
		expect((await rawUpgrade(`${h.base}/meeting.other.notes?user=c`)).status).toBe(101);

		b.provider.destroy();
		await waitFor(() => h.yjs.stats().connections === 2, { message: 'seat freed' });
		expect((await rawUpgrade(`${h.base}/${room}?user=c`)).status).toBe(101);
	});

	it('closes a client sending an oversize message with 4413 and stores nothing', async () => {
		const h = await start();
		const room = 'meeting.big.notes';
		const client = connect(h, room, { user: 'big' });
		await synced(client);
		client.text.insert(0, 'x'.repeat(MAX_UPDATE_BYTES + 500));
		await waitFor(() => client.closeCodes.includes(4413), { message: 'close 4413' });
		expect(isStored(h, room)).toBe(false);
		expect(h.events).toContain('yjs.message_too_large');
	});

	it('closes with 4413 however far past the limit a frame is, before reading it whole', async () => {
		const h = await start();
		const room = 'meeting.bigger.notes';
		// 1.5x and 2x the limit once reached `ws`'s own frame limit and closed with its 1009.
		for (const times of [1.5, 2, 64]) {
			const { ws } = await rawUpgrade(`${h.base}/${room}?user=raw`);
			const closed = closeCodeOf(ws!);
			ws!.send(new Uint8Array(Math.round(MAX_UPDATE_BYTES * times)));
			expect(await closed).toBe(4413);
		}
		// A frame exactly at the limit is read (and refused for what it is, not for its size).
		const { ws } = await rawUpgrade(`${h.base}/${room}?user=raw`);
		const closed = closeCodeOf(ws!);
		ws!.send(new Uint8Array(MAX_UPDATE_BYTES));
		expect(await closed).toBe(4422);
		expect(isStored(h, room)).toBe(false);
	});

	it('closes an oversize frame sent while a stored room loads with 4413, and keeps serving', async () => {
		const h = await start();
		const room = 'meeting.cold.notes';
		const writer = connect(h, room, { user: 'writer' });
		await synced(writer);
		writer.text.insert(0, 'stored before the room unloads');
		await waitFor(() => isStored(h, room), { message: 'stored' });
		writer.provider.destroy();
		await waitFor(() => h.yjs.stats().documents === 0, { message: 'room unloaded' });

		const { ws } = await rawUpgrade(`${h.base}/${room}?user=raw`);
		const closed = closeCodeOf(ws!);
		ws!.send(new Uint8Array(MAX_UPDATE_BYTES * 2));
		expect(await closed).toBe(4413);
		const reader = connect(h, room, { user: 'reader' });
		await synced(reader);
		expect(reader.text.toString()).toBe('stored before the room unloads');
	});

	it('closes only the connection that sent a malformed update; another room keeps syncing', async () => {
		const h = await start();
		const a = connect(h, 'meeting.calm.notes', { user: 'a' });
		const b = connect(h, 'meeting.calm.notes', { user: 'b' });
		await synced(a, b);

		const bomb = encoding.createEncoder();
		[1, 2 ** 31, 99, 0].forEach((n) => encoding.writeVarUint(bomb, n)); // 2^31 structs claimed
		for (let i = 0; i < 100; i++) encoding.writeUint8(bomb, 0);
		const attacks = [
			syncUpdateFrame(encoding.toUint8Array(bomb)),
			syncUpdateFrame(new Uint8Array([3, 250, 17, 4, 99, 1])),
			new Uint8Array([0, 2, 200, 200, 200]) // truncated frame
		];
		for (const frame of attacks) {
			const { ws } = await rawUpgrade(`${h.base}/meeting.attack.notes?user=mallory`);
			const closed = closeCodeOf(ws!);
			ws!.send(frame);
			a.text.insert(a.text.length, '.');
			expect(await closed).toBe(4422);
		}
		await waitFor(() => b.text.toString() === '...', { message: 'other room keeps syncing' });
		expect(isStored(h, 'meeting.attack.notes')).toBe(false);
		expect(a.closeCodes).toEqual([]);
		await waitFor(() => h.yjs.stats().connections === 2, { message: 'attackers gone, writers stay' });
		expect(h.events.filter((event) => event === 'yjs.invalid_update')).toHaveLength(2);
		expect(h.events).toContain('yjs.malformed_message');
	});

	it('does not apply nor broadcast an update the store cannot append, and closes its sender with 4500', async () => {
		const h = await start();
		h.database.sqlite.exec(
			`create trigger refuse_big before insert on yjs_updates when length(new."update") > 200
			 begin select raise(abort, 'disk full'); end`
		);
		const room = 'meeting.disk.notes';
		const [a, b, c] = ['a', 'b', 'c'].map((user) => connect(h, room, { user }));
		await synced(a, b, c);
		a.text.insert(0, 'lost? '.repeat(60));
		await waitFor(() => a.closeCodes.includes(4500), { message: 'sender closed with 4500' });
		a.provider.destroy();
		c.text.insert(0, 'kept');
		await waitFor(() => b.text.toString() === 'kept', { message: 'later update arrives' });
		expect(storedText(h, room)).toBe('kept');
		expect(c.text.toString()).toBe('kept');
		expect(h.events).toContain('yjs.append_failed');
	});

	it('refuses with HTTP 500 when the stored document cannot be loaded, and leaves it untouched', async () => {
		const h = await start();
		const room = 'meeting.corrupt.notes';
		const corrupt = Buffer.from([1, 1, 5, 0, 4, 1, 1, 116, 200]); // truncated string
		h.database.sqlite.prepare('insert into yjs_documents (name, snapshot) values (?, ?)').run(room, corrupt);
		expect((await rawUpgrade(`${h.base}/${room}?user=ana`)).status).toBe(500);
		expect((await rawUpgrade(`${h.base}/${room}?user=ben`)).status).toBe(500);
		expect(h.yjs.stats().documents).toBe(0);
		expect(Buffer.from(h.store.readSnapshot(room) ?? [])).toEqual(corrupt);
		expect(h.store.pendingCount(room)).toBe(0);
	});

	it('reloads a document from SQLite after the server is closed and recreated on the same file', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lead-yjs-'));
		tempDirs.push(dir);
		const file = join(dir, 'board.sqlite');
		const room = 'meeting.reload.notes';

		const first = await start({ file });
		const author = connect(first, room, { user: 'ana' });
		await synced(author);
		author.text.insert(0, 'Minutes approved by the PCG.');
		await waitFor(() => isStored(first, room), { message: 'update stored' });
		await first.stop(); // flushes (compacts) before closing
		expect(author.closeCodes).toContain(1001);
		author.provider.destroy();

		const second = await start({ file });
		expect(second.store.pendingCount(room)).toBe(0);
		expect(second.store.readSnapshot(room)).not.toBeNull();
		const reader = connect(second, room, { user: 'ben' });
		await waitFor(() => reader.text.toString() === 'Minutes approved by the PCG.', {
			message: 'reloaded text'
		});
	});

	it('compacts and unloads a document once its last client leaves', async () => {
		const h = await start({ unloadAfterMs: 50, compactAfterMs: 60_000 });
		const room = 'meeting.idle.notes';
		const client = connect(h, room, { user: 'ana' });
		await synced(client);
		client.text.insert(0, 'Short meeting.');
		await waitFor(() => h.store.pendingCount(room) === 1, { message: 'update logged' });
		expect(h.yjs.stats().documents).toBe(1);

		client.provider.destroy();
		await waitFor(() => h.yjs.stats().documents === 0, { timeout: 3_000, message: 'unloaded' });
		expect(h.store.pendingCount(room)).toBe(0);
		expect(storedText(h, room)).toBe('Short meeting.');
	});

	it('compacts after compactAfterUpdates updates, and compactAfterMs after the first one', async () => {
		const byCount = await start({ compactAfterUpdates: 5, compactAfterMs: 60_000 });
		const counted = connect(byCount, 'meeting.count.notes', { user: 'ana' });
		await synced(counted);
		for (let i = 0; i < 12; i++) counted.text.insert(i, `${i % 10}`);
		await waitFor(() => storedText(byCount, 'meeting.count.notes') === '012345678901', {
			message: 'all stored'
		});
		expect(byCount.store.pendingCount('meeting.count.notes')).toBe(2); // 12 = 5 + 5 compacted, 2 logged
		expect(byCount.store.readSnapshot('meeting.count.notes')).not.toBeNull();

		const byTime = await start({ compactAfterUpdates: 1_000, compactAfterMs: 50 });
		const timed = connect(byTime, 'meeting.time.notes', { user: 'ben' });
		await synced(timed);
		timed.text.insert(0, 'one');
		timed.text.insert(3, ' two');
		await waitFor(() => byTime.store.readSnapshot('meeting.time.notes') !== null, {
			message: 'timed compaction'
		});
		expect(byTime.store.pendingCount('meeting.time.notes')).toBe(0);
		expect(byTime.yjs.stats().connections).toBe(1); // compacted while the client is still there
	});

	it('terminates a connection that stops answering pings', async () => {
		const h = await start({ heartbeatMs: 40 });
		const { port } = new URL(h.base);
		const socket = net.connect(Number(port), '127.0.0.1');
		sockets.push(socket);
		let received = '';
		socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
		socket.write(
			'GET /yjs/meeting.hb.notes?user=ana HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n' +
				'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
		);
		await waitFor(() => received.startsWith('HTTP/1.1 101') && h.yjs.stats().connections === 1);
		// This client never answers the server's pings.
		await waitFor(() => h.yjs.stats().connections === 0, { timeout: 2_000, message: 'terminated' });
		await waitFor(() => socket.destroyed || socket.readableEnded, { message: 'socket closed' });
		expect(h.events).toContain('yjs.heartbeat_timeout');
	});

	it("closeSession closes only that session's sockets", async () => {
		const h = await start();
		const s1a = connect(h, 'meeting.x.notes', { user: 'ana', session: 's1' });
		const s1b = connect(h, 'meeting.y.notes', { user: 'ana', session: 's1' });
		const s2 = connect(h, 'meeting.x.notes', { user: 'ana', session: 's2' });
		await synced(s1a, s1b, s2);

		h.yjs.closeSession('s1', 'SESSION_ENDED');
		await waitFor(() => s1a.closeCodes.includes(4410) && s1b.closeCodes.includes(4410), {
			message: 's1 closed'
		});
		await waitFor(() => h.yjs.stats().connections === 1, { message: 'one left' });
		const other = connect(h, 'meeting.x.notes', { user: 'ben' });
		await synced(other);
		s2.text.insert(0, 'still here');
		await waitFor(() => other.text.toString() === 'still here', { message: 's2 still syncs' });
		expect(s2.closeCodes).toEqual([]);
	});

	it('recheck closes with 4403 the connections the check refuses', async () => {
		const h = await start();
		const ana = connect(h, 'meeting.r.notes', { user: 'ana' });
		const ben = connect(h, 'meeting.r.notes', { user: 'ben' });
		await synced(ana, ben);
		await h.yjs.recheck(async (access, room) => room === 'meeting.r.notes' && access.userId !== 'ana');
		await waitFor(() => ana.closeCodes.includes(4403), { message: 'ana closed' });
		await waitFor(() => h.yjs.stats().connections === 1, { message: 'ben stays' });
		expect(ben.closeCodes).toEqual([]);
	});

	it('removes the awareness states of a connection that drops without saying goodbye', async () => {
		const h = await start();
		const room = 'meeting.aw.notes';
		const ana = connect(h, room, { user: 'ana' });
		const ben = connect(h, room, { user: 'ben' });
		await synced(ana, ben);
		ana.provider.awareness.setLocalStateField('cursor', 3);
		await waitFor(() => ben.provider.awareness.getStates().get(ana.doc.clientID)?.cursor === 3);

		ana.provider.shouldConnect = false; // no reconnect, and no awareness goodbye is sent
		(ana.provider.ws as unknown as WebSocket).terminate();
		await waitFor(() => !ben.provider.awareness.getStates().has(ana.doc.clientID), {
			message: 'state removed'
		});
		expect(h.yjs.stats().connections).toBe(1);
	});

	it('reports a document whose encoded size passes maxDocumentBytes, without refusing it', async () => {
		const h = await start({ maxDocumentBytes: 4_000 });
		const room = 'meeting.large.notes';
		const client = connect(h, room, { user: 'ana' });
		await synced(client);
		for (let i = 0; i < 3; i++) client.text.insert(client.text.length, `${i}`.repeat(2_000));
		await waitFor(() => h.tooLarge.some((call) => call.room === room && call.bytes > 4_000), {
			message: 'onDocumentTooLarge'
		});
		expect(h.tooLarge.filter((call) => call.room === room)).toHaveLength(1);
		expect(client.closeCodes).toEqual([]);
		expect(storedText(h, room)).toHaveLength(6_000);
	});

	it('opens a document not in memory by sending the stored state first, then answers the sync with only what is newer', async () => {
		const h = await start();
		const room = 'meeting.cold.notes';
		const history = new Y.Doc();
		const text = history.getText('notes');
		text.insert(0, 'Referral reviewed; outreach planned for Thursday. '.repeat(40));
		h.store.compact(room, Y.encodeStateAsUpdate(history), 0);
		const before = Y.encodeStateVector(history);
		text.insert(0, 'Court date moved. ');
		h.store.append(room, Y.encodeStateAsUpdate(history, before));
		expect(h.yjs.stats().documents).toBe(0);

		const ws = new WebSocket(`${h.base}/${room}?user=ana&mode=read`);
		sockets.push(ws);
		const frames = collectSyncFrames(ws); // listening before the socket opens: the state may come at once
		await new Promise((resolve) => ws.once('open', resolve));
		ws.send(syncStep1Frame(new Y.Doc())); // a fresh client: it holds nothing yet
		await waitFor(() => frames.length >= 3, { message: 'newer rows, stored state, answer' });

		// The newer rows first, then the snapshot as sync step 2: a client counts itself synced on
		// step 2, so by then it holds everything stored.
		const [newer, stored, answer] = frames;
		expect([newer.step, stored.step, answer.step]).toEqual([2, 1, 1]); // update, step 2, step 2
		const received = new Y.Doc();
		Y.applyUpdate(received, newer.payload);
		Y.applyUpdate(received, stored.payload);
		expect(received.getText('notes').toString()).toBe(text.toString());
		// The answer to the client's sync step 1 does not carry the snapshot a second time.
		expect(answer.payload.byteLength).toBeLessThan(stored.payload.byteLength / 4);
		expect(h.yjs.stats().documents).toBe(1);
	});

	it('holds everything stored by the time a client opening a document not in memory counts itself synced', async () => {
		const h = await start();
		const room = 'meeting.cold-synced.notes';
		const history = new Y.Doc();
		const text = history.getText('notes');
		text.insert(0, 'Snapshot text. ');
		h.store.compact(room, Y.encodeStateAsUpdate(history), 0);
		for (const line of ['Row one. ', 'Row two. ']) {
			const before = Y.encodeStateVector(history);
			text.insert(text.length, line);
			h.store.append(room, Y.encodeStateAsUpdate(history, before));
		}
		const reader = connect(h, room, { user: 'rita', mode: 'read' });
		let atSync: string | null = null;
		reader.provider.on('sync', (isSynced: boolean) => {
			if (isSynced && atSync === null) atSync = reader.text.toString();
		});
		await synced(reader);
		expect(atSync).toBe(text.toString());
	});

	it('keeps what a client sends while a document not in memory is being loaded, in order', async () => {
		const h = await start();
		const room = 'meeting.cold-offline.notes';
		const earlier = new Y.Doc();
		// Long enough that sending it takes a while, so what the client sends on opening arrives meanwhile.
		earlier.getText('notes').insert(0, 'Stored before the restart. '.repeat(150_000));
		h.store.compact(room, Y.encodeStateAsUpdate(earlier), 0);

		// An editor that typed offline sends its edits the moment the socket opens, before any answer.
		const offline = new Y.Doc();
		offline.getText('notes').insert(0, 'Typed offline. ');
		const first = Y.encodeStateAsUpdate(offline);
		const before = Y.encodeStateVector(offline);
		offline.getText('notes').insert(15, 'Then more. ');
		const second = Y.encodeStateAsUpdate(offline, before);
		const ws = new WebSocket(`${h.base}/${room}?user=ana`);
		sockets.push(ws);
		ws.once('open', () => {
			ws.send(syncUpdateFrame(first));
			ws.send(syncUpdateFrame(second));
		});
		await waitFor(() => storedText(h, room).includes('Then more.'), { message: 'edits stored' });
		expect(storedText(h, room)).toContain('Typed offline. Then more. ');
		expect(storedText(h, room)).toContain('Stored before the restart.');
		expect(h.events).not.toContain('yjs.closing');
		const connected = h.logged.find((line) => line.event === 'yjs.connected' && line.fields.room === room);
		expect(connected?.fields.held).toBeGreaterThan(0); // they did arrive while the room was loading
	});
});

interface SyncFrame {
	step: number;
	payload: Uint8Array;
}

/** The sync messages a raw socket receives, decoded (awareness and notices are skipped). */
function collectSyncFrames(ws: WebSocket): SyncFrame[] {
	const frames: SyncFrame[] = [];
	ws.on('message', (data: Buffer) => {
		const decoder = decoding.createDecoder(new Uint8Array(data));
		if (decoding.readVarUint(decoder) !== 0) return;
		frames.push({ step: decoding.readVarUint(decoder), payload: decoding.readVarUint8Array(decoder) });
	});
	return frames;
}

function syncStep1Frame(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0); // sync
	encoding.writeVarUint(encoder, 0); // step 1
	encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
	return encoding.toUint8Array(encoder);
}
