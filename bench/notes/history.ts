/**
 * A notes document with a long history, made with Yjs directly: six authors taking turns, typing
 * 1–3 characters at a cursor that jumps to a random place 5% of the time, one edit in four a
 * deletion of 1–3 characters, so inserts and deletes are spread through the text. The last
 * updates are kept apart, to be stored as log rows newer than the snapshot (as the server would
 * hold them just before its next compaction).
 */
import * as Y from 'yjs';

export interface History {
	/** Everything up to the tail, as one encoded state (the stored snapshot). */
	snapshot: Uint8Array;
	/** The last edits, one update each. */
	tail: Uint8Array[];
	/** The full final state, for comparison. */
	final: Uint8Array;
	textLength: number;
	edits: number;
}

const AUTHORS = 6;

export function generateHistory(edits: number, tailLength: number, random: () => number): History {
	const doc = new Y.Doc();
	const text = doc.getText('notes');
	const authors = Array.from({ length: AUTHORS }, (_, i) => 1_000_000 + i);
	let cursor = 0;
	let snapshot: Uint8Array | null = null;
	const tail: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => {
		if (snapshot) tail.push(update);
	});
	for (let edit = 0; edit < edits; edit++) {
		if (edit === edits - tailLength) snapshot = Y.encodeStateAsUpdate(doc);
		// A turn of one author lasts about 200 edits; Yjs lets a doc change its client id between transactions.
		if (edit % 200 === 0) doc.clientID = authors[Math.floor(random() * AUTHORS)];
		if (random() < 0.05 || cursor > text.length) cursor = Math.floor(random() * (text.length + 1));
		if (text.length > 0 && random() < 0.25) {
			const length = Math.min(1 + Math.floor(random() * 3), cursor);
			if (length > 0) {
				text.delete(cursor - length, length);
				cursor -= length;
				continue;
			}
		}
		const chars = 'the quick brown fox jumps over a lazy dog '.substr(
			Math.floor(random() * 38),
			1 + Math.floor(random() * 3)
		);
		text.insert(cursor, chars);
		cursor += chars.length;
	}
	const result = {
		snapshot: snapshot ?? Y.encodeStateAsUpdate(doc),
		tail,
		final: Y.encodeStateAsUpdate(doc),
		textLength: text.length,
		edits
	};
	doc.destroy();
	return result;
}
