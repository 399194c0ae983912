/**
 * The benchmark's clients: each speaks the y-websocket protocol over `ws` (sync handshake,
 * awareness, updates) and types into its own Y.Doc. To keep 200 of them in one process, a
 * client does not integrate the others' updates after the first sync: it only reads each
 * incoming update's header (client id and clock) to time it and count it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

export interface Target {
	/** e.g. ws://127.0.0.1:1234/yjs */
	endpoint: string;
	origin: string;
	/** Cookie headers to spread over the clients (one per signed-in account); empty for the relay. */
	cookies: string[];
}

/** Called for every update a client receives from another client: who wrote it, which clock. */
export type Delivery = (receiver: BenchClient, client: number, clock: number) => void;

export class BenchClient {
	readonly doc = new Y.Doc();
	readonly text = this.doc.getText('notes');
	readonly synced: Promise<void>;
	readonly closed: Promise<void>;
	private readonly ws: WebSocket;

	/**
	 * `integrate`: 'sync' applies the server's sync step 2 and only reads the header of later
	 * updates (typing runs); 'none' applies nothing (connect cycles); 'all' applies every update
	 * (a client timed until it holds the whole document).
	 */
	constructor(
		target: Target,
		room: string,
		index: number,
		onDelivery: Delivery | null,
		private readonly integrate: 'sync' | 'none' | 'all' = 'sync'
	) {
		const cookie = target.cookies.length ? target.cookies[index % target.cookies.length] : undefined;
		this.ws = new WebSocket(`${target.endpoint}/${room}`, {
			headers: { origin: target.origin, ...(cookie ? { cookie } : {}) },
			perMessageDeflate: false
		});
		this.ws.binaryType = 'nodebuffer';
		this.closed = new Promise((resolve) => this.ws.once('close', () => resolve()));
		this.ws.on('error', () => {}); // a refused or dropped socket also closes; `synced` rejects for it
		this.synced = new Promise((resolve, reject) => {
			this.ws.once('error', reject);
			this.ws.once('unexpected-response', (_req, res) =>
				reject(new Error(`upgrade refused: ${res.statusCode}`))
			);
			this.ws.once('open', () => this.opened());
			this.ws.on('message', (data: Buffer) => {
				if (this.receive(data, onDelivery)) resolve();
			});
		});
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== this) this.send(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update));
		});
	}

	/** Types `chars` at a random place in this client's text; returns the update's clock. */
	type(chars: string, random: () => number): number {
		const clock = Y.getState(this.doc.store, this.doc.clientID);
		this.text.insert(Math.floor(random() * (this.text.length + 1)), chars);
		return clock;
	}

	/** Resolves once the text is `length` characters long (as updates arrive), or rejects after `withinMs`. */
	textReaches(length: number, withinMs: number): Promise<void> {
		return new Promise((resolve, reject) => {
			const check = () => {
				if (this.text.length !== length) return;
				clearTimeout(timer);
				this.doc.off('update', check);
				resolve();
			};
			const timer = setTimeout(() => {
				this.doc.off('update', check);
				reject(new Error(`synced ${this.text.length} of ${length} characters`));
			}, withinMs);
			this.doc.on('update', check);
			check();
		});
	}

	close(): Promise<void> {
		this.ws.close();
		return this.closed;
	}

	private opened(): void {
		this.send(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, this.doc));
		const awareness = new awarenessProtocol.Awareness(this.doc);
		awareness.setLocalState({ user: { name: 'Bench', agencyKind: 'program', canEdit: true } });
		const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [this.doc.clientID]);
		awareness.destroy();
		this.send(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, update));
	}

	/** Returns true when this message completed the initial sync (the server's sync step 2). */
	private receive(data: Buffer, onDelivery: Delivery | null): boolean {
		const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
		if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return false;
		const step = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		if (step === syncProtocol.messageYjsSyncStep1) {
			this.send(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep2(e, this.doc, payload));
		} else if (step === syncProtocol.messageYjsSyncStep2) {
			if (this.integrate !== 'none') Y.applyUpdate(this.doc, payload, this);
			return true;
		} else if (this.integrate === 'all') {
			Y.applyUpdate(this.doc, payload, this);
		} else if (onDelivery) {
			const header = updateHeader(payload);
			if (header && header.client !== this.doc.clientID) onDelivery(this, header.client, header.clock);
		}
		return false;
	}

	private send(type: number, write: (encoder: encoding.Encoder) => void): void {
		if (this.ws.readyState !== WebSocket.OPEN) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, type);
		write(encoder);
		this.ws.send(encoding.toUint8Array(encoder));
	}
}

/** Client and first clock of a v1 update that carries structs of one client (a typed insert). */
function updateHeader(update: Uint8Array): { client: number; clock: number } | null {
	const decoder = decoding.createDecoder(update);
	if (decoding.readVarUint(decoder) < 1) return null;
	decoding.readVarUint(decoder); // struct count
	return { client: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder) };
}

/** Opens `count` clients, `batch` at a time, and waits until each has synced. */
export async function connectClients(
	target: Target,
	room: string,
	count: number,
	onDelivery: Delivery | null,
	batch = 25
): Promise<BenchClient[]> {
	const clients: BenchClient[] = [];
	for (let i = 0; i < count; i += batch) {
		const opened = Array.from(
			{ length: Math.min(batch, count - i) },
			(_, j) => new BenchClient(target, room, i + j, onDelivery)
		);
		await Promise.all(opened.map((client) => client.synced));
		clients.push(...opened);
	}
	return clients;
}

/** A seeded generator, so two targets get the very same traffic. */
export function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}
