/**
 * The outbox kept on this device, so a change made offline survives a reload: each change is
 * encrypted with AES-GCM under a key that cannot be read out of the browser (a non-extractable
 * WebCrypto key, kept in the same IndexedDB database). The whole database, key and changes, is
 * deleted when the session ends (`forgetSessionCopies` in local-copies.ts); without the key any
 * trace the browser's storage might keep is unreadable.
 */
import * as idb from 'lib0/indexeddb';
import type { BoardOperation } from '../shared/board-events';

/** The IndexedDB database that holds the outbox of whoever is signed in on this browser. */
export const OUTBOX_DATABASE = 'lead-outbox';
const KEYS = 'key';
const CHANGES = 'changes';
const KEY_ID = 'outbox';

/** A change waiting to be sent, or one the board refused and the person has not dismissed yet. */
export interface KeptChange {
	/** Its idempotency key: sending it again never applies it twice. */
	key: string;
	op: BoardOperation;
	input: Record<string, unknown>;
	/** What it is, in words ("Contact · KC-0101"), and where its record lives. */
	label: string;
	participantId: string | null;
	madeAt: string;
	refused?: { code: string; message: string; current?: unknown };
}

interface SealedChange {
	key: string;
	iv: Uint8Array<ArrayBuffer>;
	data: ArrayBuffer;
}

/** The outbox store of one person on this browser; every method fails soft (it answers, never throws). */
export class OutboxStore {
	#db: Promise<IDBDatabase> | null = null;
	#key: Promise<CryptoKey> | null = null;
	readonly #userId: string;

	constructor(userId: string) {
		this.#userId = userId;
	}

	/** Whether this browser can keep the outbox at all (a private window may refuse IndexedDB). */
	static available(): boolean {
		return typeof indexedDB !== 'undefined' && typeof crypto?.subtle !== 'undefined';
	}

	async save(change: KeptChange): Promise<boolean> {
		try {
			const db = await this.#open();
			const iv = crypto.getRandomValues(new Uint8Array(new ArrayBuffer(12)));
			const plain = new TextEncoder().encode(JSON.stringify(change));
			const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await this.#cryptoKey(), plain);
			const [store] = idb.transact(db, [CHANGES]);
			await idb.rtop(store.put({ key: change.key, iv, data } satisfies SealedChange));
			return true;
		} catch (error) {
			console.warn('Could not keep a change on this device', error);
			return false;
		}
	}

	async remove(key: string): Promise<void> {
		try {
			const [store] = idb.transact(await this.#open(), [CHANGES]);
			await idb.rtop(store.delete(key));
		} catch (error) {
			console.warn('Could not remove a sent change from this device', error);
		}
	}

	/** Every change kept for this person, oldest first; one that cannot be read is dropped. */
	async load(): Promise<KeptChange[]> {
		try {
			const db = await this.#open();
			const key = await this.#cryptoKey();
			const [store] = idb.transact(db, [CHANGES], 'readonly');
			const sealed = (await idb.rtop(store.getAll())) as SealedChange[];
			const opened = await Promise.all(sealed.map((s) => this.#unseal(s, key)));
			return opened
				.filter((c): c is KeptChange => c !== null)
				.sort((a, b) => a.madeAt.localeCompare(b.madeAt));
		} catch (error) {
			console.warn('Could not read the changes kept on this device', error);
			return [];
		}
	}

	async #unseal(sealed: SealedChange, key: CryptoKey): Promise<KeptChange | null> {
		try {
			const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, key, sealed.data);
			return JSON.parse(new TextDecoder().decode(plain)) as KeptChange;
		} catch {
			return null;
		}
	}

	/**
	 * How many changes wait on this device, and of which kinds, for the offline page (which cannot
	 * know who is signed in): nothing about whose records they are.
	 */
	static async waiting(): Promise<{ op: BoardOperation; refused: boolean }[]> {
		if (!OutboxStore.available() || !(await OutboxStore.#exists())) return [];
		try {
			const db = await idb.openDB(OUTBOX_DATABASE, () => undefined);
			try {
				const [keys, changes] = idb.transact(db, [KEYS, CHANGES], 'readonly');
				const kept = (await idb.rtop(keys.get(KEY_ID))) as { key: CryptoKey } | undefined;
				const sealed = (await idb.rtop(changes.getAll())) as SealedChange[];
				if (!kept) return [];
				const store = new OutboxStore('');
				const opened = await Promise.all(sealed.map((s) => store.#unseal(s, kept.key)));
				return opened.flatMap((c) => (c ? [{ op: c.op, refused: Boolean(c.refused) }] : []));
			} finally {
				db.close();
			}
		} catch {
			return [];
		}
	}

	static async #exists(): Promise<boolean> {
		if (typeof indexedDB.databases !== 'function') return true;
		return (await indexedDB.databases()).some((d) => d.name === OUTBOX_DATABASE);
	}

	#open(): Promise<IDBDatabase> {
		this.#db ??= idb.openDB(OUTBOX_DATABASE, (db) =>
			idb.createStores(db, [[KEYS], [CHANGES, { keyPath: 'key' }]])
		);
		return this.#db;
	}

	/**
	 * This person's key: made on first use. A key left by someone else (a session that ended
	 * without this browser hearing of it) is thrown away with every change sealed under it.
	 */
	#cryptoKey(): Promise<CryptoKey> {
		this.#key ??= (async () => {
			const db = await this.#open();
			const [keys] = idb.transact(db, [KEYS], 'readonly');
			const kept = (await idb.rtop(keys.get(KEY_ID))) as { userId: string; key: CryptoKey } | undefined;
			if (kept?.userId === this.#userId) return kept.key;
			const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
				'encrypt',
				'decrypt'
			]);
			const [freshKeys, changes] = idb.transact(db, [KEYS, CHANGES]);
			await idb.rtop(changes.clear());
			await idb.rtop(freshKeys.put({ userId: this.#userId, key }, KEY_ID));
			return key;
		})();
		return this.#key;
	}
}
