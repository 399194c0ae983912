import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { RoomPresence } from '../../server/realtime/yjs/presence';
import { decodeClientMessage } from '../../server/realtime/yjs/protocol';
import { validateStateVector, validateUpdate } from '../../server/realtime/yjs/update-guard';

/** Deterministic PRNG (mulberry32) so the random cases are the same on every run. */
function prng(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function timed<T>(fn: () => T): { value: T; ms: number } {
	const start = performance.now();
	const value = fn();
	return { value, ms: performance.now() - start };
}

/** A doc exercising every content kind Yjs encodes, and every update it emitted. */
function richDoc(): { doc: Y.Doc; updates: Uint8Array[] } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	const text = doc.getText('notes');
	text.insert(0, 'Hello 👋 wörld', { bold: true });
	text.insertEmbed(3, { image: 'x.png' });
	text.format(0, 4, { italic: { nested: [1, 2] } });
	text.delete(2, 3);
	const map = doc.getMap('meta');
	map.set('n', 42);
	map.set('f', 1.5);
	map.set('neg', -7);
	map.set('big', 2n ** 60n);
	map.set('obj', { a: [null, true, false, 'x', { deep: [1.25] }], b: new Uint8Array([1, 2]) });
	map.set('bin', new Uint8Array([9, 8, 7]));
	map.set('sub', new Y.Doc({ guid: 'sub-1' }));
	map.delete('neg');
	const list = doc.getArray<unknown>('list');
	list.insert(0, [1, 'two', { three: 3 }, null]);
	list.push([new Y.Map(), new Y.Array(), new Y.Text('inner')]);
	list.delete(1, 2);
	const xml = doc.getXmlFragment('prosemirror');
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.setAttribute('align', 'left');
	// Yjs's typings omit hooks from insert(), but it encodes them (type ref 5, with a name).
	const hook = new Y.XmlHook('hook') as unknown as Y.XmlElement;
	paragraph.insert(0, [new Y.XmlText('para'), hook]);
	xml.insert(0, [paragraph]);
	return { doc, updates };
}

describe('validateUpdate accepts what Yjs produces', () => {
	it('accepts every incremental update, the full state and the merged log of a rich document', () => {
		const { doc, updates } = richDoc();
		expect(updates.length).toBeGreaterThan(10);
		for (const update of updates) expect(validateUpdate(update)).toBeNull();
		expect(validateUpdate(Y.encodeStateAsUpdate(doc))).toBeNull();
		expect(validateUpdate(Y.mergeUpdates(updates))).toBeNull();
		expect(validateUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toBeNull();
		expect(validateStateVector(Y.encodeStateVector(doc))).toBeNull();
	});

	it('accepts a large document with many deletions from several clients, quickly', () => {
		const random = prng(7);
		const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
		for (let round = 0; round < 3_000; round++) {
			const doc = docs[round % docs.length];
			const text = doc.getText('notes');
			if (text.length > 50 && random() < 0.4) text.delete(Math.floor(random() * (text.length - 20)), 15);
			else text.insert(Math.floor(random() * text.length), 'Participant check-in and referral status. ');
			if (round % 50 === 0) for (const other of docs) Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		}
		const full = Y.encodeStateAsUpdate(docs[0]);
		expect(full.byteLength).toBeGreaterThan(50_000);
		const { value, ms } = timed(() => validateUpdate(full));
		expect(value).toBeNull();
		expect(ms).toBeLessThan(500);
	});
});

describe('validateUpdate rejects malformed input, in bounded time', () => {
	it('rejects every truncation of a real update', () => {
		const update = Y.encodeStateAsUpdate(richDoc().doc);
		for (let length = 0; length < update.byteLength; length++) {
			expect(validateUpdate(update.subarray(0, length)), `prefix of ${length} bytes`).not.toBeNull();
		}
	});

	it('rejects random bytes', () => {
		const random = prng(42);
		for (let i = 0; i < 500; i++) {
			const bytes = new Uint8Array(16 + Math.floor(random() * 4_000)).map(() => Math.floor(random() * 256));
			const { value, ms } = timed(() => validateUpdate(bytes));
			expect(value, `random case ${i}`).not.toBeNull();
			expect(ms).toBeLessThan(100);
		}
	});

	it('rejects an update claiming 2^31 structs (yjs#687) in well under a second', () => {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 1); // one client
		encoding.writeVarUint(encoder, 2 ** 31); // structs claimed
		encoding.writeVarUint(encoder, 12345); // client id
		encoding.writeVarUint(encoder, 0); // clock
		for (let i = 0; i < 64; i++) {
			encoding.writeUint8(encoder, 0); // GC struct
			encoding.writeVarUint(encoder, 1);
		}
		const { value, ms } = timed(() => validateUpdate(encoding.toUint8Array(encoder)));
		expect(value).toBe('count exceeds input');
		expect(ms).toBeLessThan(50);
	});

	it('rejects absurd client, delete-set and content counts and deep nesting', () => {
		const crafted = (write: (encoder: encoding.Encoder) => void) => {
			const encoder = encoding.createEncoder();
			write(encoder);
			return encoding.toUint8Array(encoder);
		};
		const cases = {
			clients: crafted((e) => [2 ** 40, 0, 0].forEach((n) => encoding.writeVarUint(e, n))),
			deleteClients: crafted((e) => [0, 2 ** 31, 1, 1].forEach((n) => encoding.writeVarUint(e, n))),
			deleteRanges: crafted((e) => [0, 1, 7, 2 ** 31, 1, 1].forEach((n) => encoding.writeVarUint(e, n))),
			anyLength: crafted((e) => {
				[1, 1, 7, 0].forEach((n) => encoding.writeVarUint(e, n));
				encoding.writeUint8(e, 8); // ContentAny, parent by root name
				encoding.writeVarUint(e, 1);
				encoding.writeVarString(e, 'm');
				encoding.writeVarUint(e, 2 ** 31);
			}),
			deepAny: crafted((e) => {
				[1, 1, 7, 0].forEach((n) => encoding.writeVarUint(e, n));
				encoding.writeUint8(e, 8);
				encoding.writeVarUint(e, 1);
				encoding.writeVarString(e, 'm');
				encoding.writeVarUint(e, 1);
				for (let i = 0; i < 50_000; i++) {
					encoding.writeUint8(e, 117); // array of one element
					encoding.writeVarUint(e, 1);
				}
				encoding.writeUint8(e, 126);
				encoding.writeVarUint(e, 0);
			}),
			badJson: crafted((e) => {
				[1, 1, 7, 0].forEach((n) => encoding.writeVarUint(e, n));
				encoding.writeUint8(e, 5); // ContentEmbed
				encoding.writeVarUint(e, 1);
				encoding.writeVarString(e, 't');
				encoding.writeVarString(e, '{not json');
				encoding.writeVarUint(e, 0);
			}),
			unknownType: crafted((e) => {
				[1, 1, 7, 0].forEach((n) => encoding.writeVarUint(e, n));
				encoding.writeUint8(e, 7); // ContentType
				encoding.writeVarUint(e, 1);
				encoding.writeVarString(e, 't');
				encoding.writeVarUint(e, 99);
				encoding.writeVarUint(e, 0);
			})
		};
		for (const [name, bytes] of Object.entries(cases)) {
			const { value, ms } = timed(() => validateUpdate(bytes));
			expect(value, name).not.toBeNull();
			expect(ms, name).toBeLessThan(100);
		}
		expect(validateUpdate(cases.clients)).toBe('count exceeds input');
	});

	it('rejects a state vector claiming more entries than it has bytes', () => {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 2 ** 31);
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint(encoder, 1);
		expect(validateStateVector(encoding.toUint8Array(encoder))).toBe('count exceeds input');
		expect(validateStateVector(new Uint8Array([1, 5]))).not.toBeNull();
	});
});

describe('decodeClientMessage', () => {
	it('decodes the y-websocket message kinds and flags broken frames', () => {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'x');
		const update = Y.encodeStateAsUpdate(doc);
		const frame = (...parts: number[]) => new Uint8Array(parts);
		const updateFrame = new Uint8Array([0, 2, update.byteLength, ...update]);

		expect(decodeClientMessage(updateFrame)).toMatchObject({
			kind: 'document-update',
			step: 'update',
			update
		});
		expect(decodeClientMessage(frame(0, 0, 0))).toMatchObject({ kind: 'sync-step1' });
		expect(decodeClientMessage(frame(3))).toEqual({ kind: 'query-awareness' });
		expect(decodeClientMessage(frame(0, 2, 200, 1))).toMatchObject({ kind: 'malformed' });
		expect(decodeClientMessage(frame(0, 7, 0))).toMatchObject({ kind: 'malformed' });
		expect(decodeClientMessage(frame())).toMatchObject({ kind: 'malformed' });
		expect(decodeClientMessage(frame(9))).toEqual({ kind: 'ignored', type: 9 });
	});
});

describe('RoomPresence', () => {
	function clientAwareness(clientID: number, state: Record<string, unknown> | null): Uint8Array {
		const doc = new Y.Doc();
		doc.clientID = clientID;
		const awareness = new awarenessProtocol.Awareness(doc);
		awareness.setLocalState(state);
		const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [clientID]);
		awareness.destroy();
		return update;
	}

	/** An awareness update with exactly these entries, as a tab would send it. */
	function entries(
		...list: { id: number; clock: number; state: Record<string, unknown> | null }[]
	): Uint8Array {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, list.length);
		for (const { id, clock, state } of list) {
			encoding.writeVarUint(encoder, id);
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarString(encoder, JSON.stringify(state));
		}
		return encoding.toUint8Array(encoder);
	}

	const stateOf = (presence: RoomPresence<string>, id: number) => presence.awareness.getStates().get(id);

	it('skips ids controlled by another connection and removes states when their owner leaves', () => {
		const frames: Uint8Array[] = [];
		const presence = new RoomPresence<string>(new Y.Doc(), (frame) => frames.push(frame));
		try {
			expect(presence.apply(clientAwareness(11, { name: 'A' }), 'alice')).toBe('applied');
			expect(presence.apply(clientAwareness(22, { name: 'B' }), 'bob')).toBe('applied');
			expect(presence.apply(clientAwareness(11, null), 'bob')).toBe('echo');
			expect(presence.apply(new Uint8Array([5, 1]), 'bob')).toBe('malformed');
			expect([...presence.awareness.getStates().keys()].sort()).toEqual([11, 22]);

			const before = frames.length;
			presence.release('alice');
			expect([...presence.awareness.getStates().keys()]).toEqual([22]);
			expect(frames.length).toBe(before + 1); // the removal was broadcast
			// Bob's tab echoes Alice's removal: that is not a claim on her id. Her tab, back with a newer state, is.
			expect(presence.apply(clientAwareness(11, null), 'bob')).toBe('echo');
			expect(presence.apply(entries({ id: 11, clock: 5, state: { name: 'A2' } }), 'alice-again')).toBe(
				'applied'
			);
		} finally {
			presence.destroy();
		}
	});

	it("ignores the echo of everyone else's cursor that each y-websocket tab sends back, and applies the sender's own part", () => {
		const frames: Uint8Array[] = [];
		const presence = new RoomPresence<string>(new Y.Doc(), (frame) => frames.push(frame));
		try {
			presence.apply(entries({ id: 11, clock: 1, state: { cursor: 'line 1' } }), 'prosecutor');
			presence.apply(entries({ id: 22, clock: 1, state: { cursor: 'line 9' } }), 'defender');
			const before = frames.length;

			// The defender's tab heard the prosecutor move and sends that state back, with its own.
			const echo = entries(
				{ id: 11, clock: 2, state: { cursor: 'line 40' } },
				{ id: 22, clock: 2, state: { cursor: 'line 10' } }
			);
			expect(presence.apply(echo, 'defender')).toBe('applied');
			expect(stateOf(presence, 11)).toEqual({ cursor: 'line 1' });
			expect(stateOf(presence, 22)).toEqual({ cursor: 'line 10' });
			expect(frames.length).toBe(before + 1);

			expect(presence.apply(entries({ id: 11, clock: 3, state: null }), 'defender')).toBe('echo');
			expect(stateOf(presence, 11)).toEqual({ cursor: 'line 1' });
			expect(frames.length).toBe(before + 1); // nothing applied, nothing broadcast
		} finally {
			presence.destroy();
		}
	});

	it('does not let the tabs that stay inherit the ids of the many that left', () => {
		const presence = new RoomPresence<string>(new Y.Doc(), () => {});
		try {
			presence.apply(entries({ id: 1, clock: 1, state: { name: 'facilitator' } }), 'facilitator');
			for (let id = 100; id < 140; id++) {
				const who = `guest-${id}`;
				presence.apply(entries({ id, clock: 1, state: { name: who } }), who);
				presence.release(who);
				// The facilitator's tab echoes both the last state it saw and the removal.
				expect(presence.apply(entries({ id, clock: 1, state: { name: who } }), 'facilitator')).toBe('echo');
				expect(presence.apply(entries({ id, clock: 2, state: null }), 'facilitator')).toBe('echo');
			}
			// Forty departures later, the facilitator's own cursor still moves.
			expect(
				presence.apply(entries({ id: 1, clock: 2, state: { name: 'facilitator', at: 7 } }), 'facilitator')
			).toBe('applied');
			expect(stateOf(presence, 1)).toEqual({ name: 'facilitator', at: 7 });
			expect(stateOf(presence, 120)).toBeUndefined();
		} finally {
			presence.destroy();
		}
	});
});
