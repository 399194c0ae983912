/**
 * Awareness (cursors, who is here) of one room: applies client updates, remembers which
 * connection controls which awareness client id, and removes those states when it leaves.
 */
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { BoundedReader, MalformedInput } from './bounded-reader';
import { encodeAwareness } from './protocol';

/** A y-websocket tab controls one id (its doc's clientID); a few more leave room for subdocuments. */
const MAX_IDS_PER_CONNECTION = 16;

/**
 * `echo`: every id in the update belongs to another connection. A y-websocket tab sends back each
 * presence change it hears, so this is routine; those states are left to their owners.
 */
export type PresenceResult = 'applied' | 'echo' | 'malformed' | 'too-many';

export class RoomPresence<Owner> {
	readonly awareness: awarenessProtocol.Awareness;
	private readonly owners = new Map<number, Owner>();
	private readonly owned = new Map<Owner, Set<number>>();

	/**
	 * `identityOf` gives the fields the server vouches for (the signed-in name and agency); they
	 * overwrite whatever the browser put under `user`, so nobody appears in the notes as someone else.
	 */
	constructor(
		doc: Y.Doc,
		broadcast: (frame: Uint8Array) => void,
		private readonly identityOf: (owner: Owner) => Record<string, string | boolean> | null = () => null
	) {
		this.awareness = new awarenessProtocol.Awareness(doc);
		this.awareness.setLocalState(null); // the server itself has no presence
		this.awareness.on('update', (change: { added: number[]; updated: number[]; removed: number[] }) => {
			const changed = [...change.added, ...change.updated, ...change.removed];
			broadcast(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)));
		});
	}

	/**
	 * Applies `update` on behalf of `owner`: the states of ids it controls, and new live states of
	 * ids nobody controls (which it then controls). Everything else is an echo and is skipped: ids
	 * another connection controls (so no tab moves or removes someone else's cursor), and the
	 * removal or an older state of an id whose tab has left (so nobody takes it over).
	 */
	apply(update: Uint8Array, owner: Owner): PresenceResult {
		const entries = readAwarenessEntries(update);
		if (entries === null) return 'malformed';
		const theirs = entries.filter((entry) => this.isFor(owner, entry));
		if (theirs.length === 0 && entries.length > 0) return 'echo';
		const mine = this.owned.get(owner) ?? new Set<number>();
		const total = new Set([...mine, ...theirs.map((e) => e.id)]).size;
		if (total > MAX_IDS_PER_CONNECTION) return 'too-many';
		for (const { id } of theirs) {
			this.owners.set(id, owner);
			mine.add(id);
		}
		this.owned.set(owner, mine);
		awarenessProtocol.applyAwarenessUpdate(this.awareness, stamp(theirs, this.identityOf(owner)), owner);
		return 'applied';
	}

	private isFor(owner: Owner, { id, clock, state }: AwarenessEntry): boolean {
		const current = this.owners.get(id);
		if (current !== undefined) return current === owner;
		const known = this.awareness.meta.get(id);
		return state !== null && (known === undefined || clock > known.clock);
	}

	/** Every known state as one awareness frame, or null when nobody has one. */
	statesFrame(): Uint8Array | null {
		const ids = [...this.awareness.getStates().keys()];
		if (ids.length === 0) return null;
		return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
	}

	/** Removes the states `owner` controlled (the others are told through the update broadcast). */
	release(owner: Owner): void {
		const ids = this.owned.get(owner);
		if (!ids) return;
		this.owned.delete(owner);
		for (const id of ids) this.owners.delete(id);
		awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null);
	}

	destroy(): void {
		this.awareness.destroy();
	}
}

interface AwarenessEntry {
	id: number;
	clock: number;
	state: unknown;
}

/** The update again, with each live state's `user` carrying the server's identity fields. */
function stamp(entries: AwarenessEntry[], identity: Record<string, string | boolean> | null): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const { id, clock, state } of entries) {
		let out = state;
		if (identity && state !== null && typeof state === 'object' && !Array.isArray(state)) {
			const user = (state as { user?: unknown }).user;
			const base = user !== null && typeof user === 'object' && !Array.isArray(user) ? user : {};
			out = { ...state, user: { ...base, ...identity } };
		}
		encoding.writeVarUint(encoder, id);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(out));
	}
	return encoding.toUint8Array(encoder);
}

/**
 * Reads every entry of an awareness update, checking the whole structure first (including the
 * JSON states, which y-protocols would otherwise parse halfway through applying). Null if malformed.
 */
function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] | null {
	const reader = new BoundedReader(update);
	try {
		const entries: AwarenessEntry[] = [];
		for (let n = reader.count(3), i = 0; i < n; i++) {
			const id = reader.varUint();
			const clock = reader.varUint();
			entries.push({ id, clock, state: JSON.parse(reader.string()) as unknown });
		}
		return reader.done ? entries : null;
	} catch (error) {
		if (error instanceof MalformedInput || error instanceof SyntaxError) return null;
		throw error;
	}
}
