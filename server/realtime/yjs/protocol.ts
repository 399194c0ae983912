/**
 * The y-websocket wire format: decoding what a client sends into a typed message, and encoding
 * what the server sends (sync step 1/2, updates, awareness). Decoding never applies anything.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MESSAGE_NOTICE } from '../../../src/lib/shared/notes';
import { BoundedReader, MalformedInput } from './bounded-reader';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export type ClientMessage =
	| { kind: 'sync-step1'; stateVector: Uint8Array }
	| { kind: 'document-update'; step: 'sync-step2' | 'update'; update: Uint8Array }
	| { kind: 'awareness'; update: Uint8Array }
	| { kind: 'query-awareness' }
	| { kind: 'ignored'; type: number }
	| { kind: 'malformed'; reason: string };

/** Splits a client frame into its message; payloads are views on `bytes`, not copies. */
export function decodeClientMessage(bytes: Uint8Array): ClientMessage {
	const reader = new BoundedReader(bytes);
	try {
		const type = reader.varUint();
		if (type === MESSAGE_SYNC) return decodeSync(reader);
		if (type === MESSAGE_AWARENESS) return { kind: 'awareness', update: reader.bytes() };
		if (type === MESSAGE_QUERY_AWARENESS) return { kind: 'query-awareness' };
		return { kind: 'ignored', type };
	} catch (error) {
		return { kind: 'malformed', reason: error instanceof MalformedInput ? error.message : 'undecodable' };
	}
}

function decodeSync(reader: BoundedReader): ClientMessage {
	const step = reader.varUint();
	const payload = reader.bytes();
	if (step === SYNC_STEP1) return { kind: 'sync-step1', stateVector: payload };
	if (step === SYNC_STEP2) return { kind: 'document-update', step: 'sync-step2', update: payload };
	if (step === SYNC_UPDATE) return { kind: 'document-update', step: 'update', update: payload };
	return { kind: 'malformed', reason: 'unknown sync step' };
}

/** Server → client: "this is what I have", the client answers with what the server lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	return frame(MESSAGE_SYNC, SYNC_STEP1, Y.encodeStateVector(doc));
}

/** Server → client: everything the client's state vector says it is missing. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	return frame(MESSAGE_SYNC, SYNC_STEP2, Y.encodeStateAsUpdate(doc, stateVector));
}

/** Server → client: an encoded state (the stored snapshot) sent as sync step 2 without a state vector. */
export function encodeStoredState(update: Uint8Array): Uint8Array {
	return frame(MESSAGE_SYNC, SYNC_STEP2, update);
}

/** The clocks of both state vectors, the higher one per client: what a client holds after both. */
export function unionStateVectors(a: Uint8Array, b: Uint8Array): Uint8Array {
	const union = Y.decodeStateVector(a);
	for (const [client, clock] of Y.decodeStateVector(b))
		union.set(client, Math.max(clock, union.get(client) ?? 0));
	return Y.encodeStateVector(union);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
	return frame(MESSAGE_SYNC, SYNC_UPDATE, update);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** Server → client: a notice that is not document content (see src/lib/shared/notes.ts). */
export function encodeNotice(kind: number, value: number): Uint8Array {
	return frame(MESSAGE_NOTICE, kind, value);
}

function frame(type: number, step: number, payload: Uint8Array | number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	encoding.writeVarUint(encoder, step);
	if (typeof payload === 'number') encoding.writeVarUint(encoder, payload);
	else encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/** An update that carries no structs and no deletions (`[0, 0]`): nothing to store or send. */
export function isEmptyUpdate(update: Uint8Array): boolean {
	return update.byteLength === 2 && update[0] === 0 && update[1] === 0;
}
