/**
 * The copies of meeting notes this browser keeps in IndexedDB (so a reload while offline keeps
 * edits), and the removal of everything a session keeps on the device (those copies and the
 * encrypted outbox of changes not yet sent) when it ends: on a shared computer the next person
 * must not find participant information in the browser's storage.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import { OUTBOX_DATABASE } from './outbox-store';

/** Every local notes copy is an IndexedDB database named this prefix plus the Yjs room. */
export const LOCAL_NOTES_PREFIX = 'lead-notes:';

/** How long removal may take before the caller goes on anyway (sign-out must not hang). */
export const FORGET_WITHIN_MS = 3_000;

/** This page's open copies: closed before deleting, so no connection of ours holds it up. */
const openCopies = new Set<IndexeddbPersistence>();
let forgetting: Promise<boolean> | null = null;

/**
 * Keeps `doc` in this browser under the room's name; null where IndexedDB is missing or refused
 * (private windows), in which case the notes still work online.
 */
export function keepOnThisDevice(room: string, doc: Y.Doc): IndexeddbPersistence | null {
	if (typeof indexedDB === 'undefined') return null;
	try {
		const copy = new IndexeddbPersistence(`${LOCAL_NOTES_PREFIX}${room}`, doc);
		openCopies.add(copy);
		doc.once('destroy', () => openCopies.delete(copy));
		return copy;
	} catch {
		return null;
	}
}

/**
 * Deletes every local notes copy on this device, whoever made it and for whichever meeting, and
 * the outbox with its key. Never rejects and settles within `withinMs`: true when every deletion
 * finished, false otherwise (a deletion still pending goes on in the background).
 */
export function forgetSessionCopies(withinMs = FORGET_WITHIN_MS): Promise<boolean> {
	if (typeof indexedDB === 'undefined') return Promise.resolve(true);
	forgetting ??= forgetAll().finally(() => (forgetting = null));
	let timer: ReturnType<typeof setTimeout> | undefined;
	const bound = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), withinMs)));
	return Promise.race([forgetting, bound]).finally(() => clearTimeout(timer));
}

async function forgetAll(): Promise<boolean> {
	try {
		const names = new Set<string>([OUTBOX_DATABASE]);
		const closing = [...openCopies].map((copy) => {
			names.add(copy.name);
			return copy.destroy();
		});
		openCopies.clear();
		await Promise.all(closing);
		for (const name of await listedCopies()) names.add(name);
		const deleted = await Promise.all([...names].map(deleteDatabase));
		return deleted.every(Boolean);
	} catch (error) {
		console.warn('Could not remove what the session kept in this browser', error);
		return false;
	}
}

/** Names of every local notes copy; without `indexedDB.databases()` only this page's are known. */
async function listedCopies(): Promise<string[]> {
	if (typeof indexedDB.databases !== 'function') return [];
	const databases = await indexedDB.databases();
	return databases.flatMap(({ name }) => (name?.startsWith(LOCAL_NOTES_PREFIX) ? [name] : []));
}

function deleteDatabase(name: string): Promise<boolean> {
	return new Promise((resolve) => {
		// A copy open in another tab closes itself on the version change (lib0's openDB), so a
		// `blocked` deletion is left to finish rather than given up.
		const request = indexedDB.deleteDatabase(name);
		request.onsuccess = () => resolve(true);
		request.onerror = () => {
			console.warn(`Could not remove ${name} from this browser`, request.error);
			resolve(false);
		};
	});
}
