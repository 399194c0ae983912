/**
 * One client WebSocket in one room: size and structure checks on every frame, then sync,
 * document updates (writers only), awareness; closing with the shared close codes.
 */
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { SessionActivity } from './activity';
import { CLOSE_CODES, type CloseCode } from '../../../src/lib/shared/errors';
import type { HeldMessage } from './cold-open';
import { decodeClientMessage, encodeSyncStep2, isEmptyUpdate, unionStateVectors } from './protocol';
import { errorName, type ApplyOutcome, type Peer, type Room } from './room';
import type { YjsAccess, YjsSettings } from './types';
import { validateStateVector, validateUpdate } from './update-guard';
import type { WriteBatch } from './write-batch';

export interface ConnectionHooks {
	settings: YjsSettings;
	/** The room's doc can no longer be trusted: close everyone in it and drop it. */
	evict(room: Room): void;
	/** The socket is gone (after any close handshake). */
	closed(connection: YjsConnection): void;
	/** A writer's update was stored: their session is in use (reported once per interval per session). */
	activity: SessionActivity;
	/** Coalesces each socket's frames of one event-loop turn into one write. */
	batch: WriteBatch;
}

let nextId = 1;

export class YjsConnection implements Peer {
	readonly id = nextId++;
	private alive = true;
	private closing = false;
	private readOnlyDropped = 0;

	constructor(
		private readonly ws: WebSocket,
		/** The upgraded TCP socket under `ws`, corked while a turn's frames are written. */
		private readonly socket: Duplex,
		readonly access: YjsAccess,
		readonly room: Room,
		private readonly hooks: ConnectionHooks,
		/** Set when the stored state was sent ahead of the load (cold-open.ts); used by the first sync step 1. */
		private sentStateVector: Uint8Array | null = null
	) {
		ws.on('message', (data, isBinary) => this.receive(data, isBinary));
		ws.on('pong', () => (this.alive = true));
		ws.on('error', (error) => this.log('yjs.socket_error', { error: errorName(error) }));
		ws.once('close', (code) => {
			this.closing = true;
			this.log('yjs.disconnected', { code });
			hooks.closed(this);
		});
	}

	/**
	 * No completion callback: a room sends every frame to every peer, and a callback per frame
	 * costs Node a closure and a tick each. A write that fails breaks the socket, which then
	 * closes (logged as yjs.disconnected); the client resyncs when it reconnects. Frames sent in
	 * one turn of the event loop leave in one write (write-batch.ts).
	 */
	send(frame: Uint8Array): void {
		if (this.ws.readyState !== WebSocket.OPEN) return;
		this.hooks.batch.hold(this.socket);
		this.ws.send(frame);
	}

	close(code: CloseCode): void {
		if (this.closing) return;
		this.closing = true;
		const { code: wsCode, reason } = CLOSE_CODES[code];
		this.log('yjs.closing', { code: wsCode });
		this.ws.close(wsCode, reason);
	}

	/** Resolves once the socket is closed; a peer that does not finish the handshake in time is cut. */
	closeAndWait(code: CloseCode, timeoutMs: number): Promise<void> {
		if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
		return new Promise<void>((resolve) => {
			const timer = setTimeout(() => this.ws.terminate(), timeoutMs);
			this.ws.once('close', () => {
				clearTimeout(timer);
				resolve();
			});
			this.close(code);
		});
	}

	/** Heartbeat tick: cut a peer that did not answer the previous ping, else ping again. */
	beat(): void {
		if (!this.alive) {
			this.log('yjs.heartbeat_timeout', {});
			this.ws.terminate();
			return;
		}
		this.alive = false;
		this.ws.ping();
	}

	private receive(data: WebSocket.RawData, isBinary: boolean): void {
		if (this.closing || this.room.closed) return;
		try {
			this.handle(toBytes(data), isBinary);
		} catch (error) {
			this.log('yjs.message_failed', { error: errorName(error) });
			this.close('SERVER_ERROR');
		}
	}

	private handle(bytes: Uint8Array, isBinary: boolean): void {
		const { maxUpdateBytes } = this.hooks.settings;
		if (bytes.byteLength > maxUpdateBytes) return this.refuse('TOO_LARGE', 'yjs.message_too_large', bytes);
		if (!isBinary) return this.refuse('INVALID_UPDATE', 'yjs.text_frame', bytes);
		const message = decodeClientMessage(bytes);
		switch (message.kind) {
			case 'sync-step1':
				return this.syncStep1(message.stateVector);
			case 'document-update':
				return this.documentUpdate(message.update);
			case 'awareness':
				return this.awareness(message.update);
			case 'query-awareness': {
				const states = this.room.presence.statesFrame();
				return states ? this.send(states) : undefined;
			}
			case 'ignored':
				return this.log('yjs.message_ignored', { type: message.type });
			case 'malformed':
				return this.refuse('INVALID_UPDATE', 'yjs.malformed_message', bytes, message.reason);
		}
	}

	/** Handles what the client sent before the connection existed, in order. */
	replay(held: readonly HeldMessage[]): void {
		for (const { data, isBinary } of held) this.receive(data, isBinary);
	}

	private syncStep1(stateVector: Uint8Array): void {
		const invalid = validateStateVector(stateVector);
		if (invalid) return this.refuse('INVALID_UPDATE', 'yjs.invalid_state_vector', stateVector, invalid);
		const sent = this.sentStateVector;
		this.sentStateVector = null;
		this.send(encodeSyncStep2(this.room.doc, sent ? unionStateVectors(stateVector, sent) : stateVector));
	}

	/** Sync step 2 and update messages: refused for read-only peers, validated, then applied. */
	private documentUpdate(update: Uint8Array): void {
		if (!this.access.canWrite) {
			// Not applied, stored nor broadcast. The peer is not closed: its provider answers every
			// sync step 1 with a step 2, which is normal, so only the first drop is logged.
			if (this.readOnlyDropped++ === 0) this.log('yjs.readonly_update_dropped', { bytes: update.byteLength });
			return;
		}
		const invalid = validateUpdate(update);
		if (invalid) return this.refuse('INVALID_UPDATE', 'yjs.invalid_update', update, invalid);
		if (isEmptyUpdate(update)) return;
		const outcome = this.room.applyUpdate(update, this);
		if (!outcome.ok) return this.applyFailed(outcome);
		this.hooks.activity.report(this.access);
	}

	private applyFailed(outcome: Extract<ApplyOutcome, { ok: false }>): void {
		this.log(`yjs.${outcome.stage}_failed`, { error: errorName(outcome.error) });
		if (outcome.stage === 'append') return this.close('SERVER_ERROR'); // nothing changed
		// Yjs threw mid-apply (the log row was rolled back) or the commit failed after the apply:
		// the in-memory doc may differ from the store, so the room is reloaded from the store.
		this.close(outcome.stage === 'apply' ? 'INVALID_UPDATE' : 'SERVER_ERROR');
		this.hooks.evict(this.room);
	}

	private awareness(update: Uint8Array): void {
		const result = this.room.presence.apply(update, this);
		if (result === 'malformed') return this.refuse('INVALID_UPDATE', 'yjs.invalid_awareness', update);
		if (result === 'too-many') this.log('yjs.awareness_dropped', { why: result });
	}

	private refuse(code: CloseCode, event: string, bytes: Uint8Array, reason = ''): void {
		this.log(event, reason ? { bytes: bytes.byteLength, reason } : { bytes: bytes.byteLength });
		this.close(code);
	}

	private log(event: string, fields: Record<string, string | number>): void {
		const { userId, sessionId } = this.access;
		this.hooks.settings.log(event, {
			room: this.room.name,
			connection: this.id,
			userId,
			sessionId,
			...fields
		});
	}
}

function toBytes(data: WebSocket.RawData): Uint8Array {
	if (Array.isArray(data)) return Buffer.concat(data);
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return data;
}
