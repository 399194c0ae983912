import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, type OpenDatabase } from '../../src/lib/server/db/index';
import { YjsLoadError, YjsStore } from '../../src/lib/server/notes/yjs-store';
import { validateUpdate } from '../../server/realtime/yjs/update-guard';

const NAME = 'meeting.m1.notes';

/** Edits a fresh doc and returns every update it emitted, plus the doc. */
function editedDoc(edits: (text: Y.Text) => void): { doc: Y.Doc; updates: Uint8Array[] } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	edits(doc.getText('notes'));
	return { doc, updates };
}

function rowCounts(database: OpenDatabase) {
	const updates = database.sqlite.prepare('select count(*) as n from yjs_updates').get() as { n: number };
	const docs = database.sqlite.prepare('select count(*) as n from yjs_documents').get() as { n: number };
	return { updates: updates.n, documents: docs.n };
}

describe('YjsStore', () => {
	let database: OpenDatabase;
	let store: YjsStore;

	beforeEach(() => {
		database = openDatabase(':memory:');
		store = new YjsStore(database.db);
	});
	afterEach(() => database.close());

	it('round-trips appended updates through load', () => {
		const { updates } = editedDoc((text) => {
			text.insert(0, 'Referral review: ');
			text.insert(17, 'three new cases');
		});
		const ids = updates.map((update) => store.append(NAME, update));
		expect(ids[1]).toBeGreaterThan(ids[0]);

		const loaded = store.load(NAME);
		expect(loaded.doc.getText('notes').toString()).toBe('Referral review: three new cases');
		expect(loaded.lastUpdateId).toBe(ids[1]);
		expect(loaded.pendingUpdates).toBe(2);
		expect(store.load('meeting.other.notes').doc.getText('notes').toString()).toBe('');
	});

	it('runs the apply callback after the append and rolls the row back when it throws', () => {
		const { updates } = editedDoc((text) => text.insert(0, 'x'));
		const seen: number[] = [];
		store.append(NAME, updates[0], () => seen.push(store.pendingCount(NAME)));
		expect(seen).toEqual([1]); // the row existed when apply ran

		expect(() =>
			store.append(NAME, updates[0], () => {
				throw new Error('apply failed');
			})
		).toThrow('apply failed');
		expect(store.pendingCount(NAME)).toBe(1);
	});

	it('never runs the apply callback when the append fails', () => {
		database.sqlite.exec(
			`create trigger no_append before insert on yjs_updates begin select raise(abort, 'disk full'); end`
		);
		let applied = false;
		expect(() => store.append(NAME, new Uint8Array([0, 0]), () => (applied = true))).toThrow('disk full');
		expect(applied).toBe(false);
	});

	it('compacts into a snapshot and removes the covered log rows', () => {
		const { doc, updates } = editedDoc((text) => {
			text.insert(0, 'Agenda');
			text.insert(6, ' and actions');
		});
		let lastId = 0;
		for (const update of updates) lastId = store.append(NAME, update);
		const later = store.append(NAME, editedDoc((text) => text.insert(0, 'later')).updates[0]);

		store.compact(NAME, Y.encodeStateAsUpdate(doc), lastId);
		expect(rowCounts(database)).toEqual({ updates: 1, documents: 1 });
		expect(store.pendingCount(NAME)).toBe(1);
		expect(store.load(NAME).lastUpdateId).toBe(later);
	});

	it('compaction is one transaction: a failing delete leaves no snapshot behind', () => {
		const { doc, updates } = editedDoc((text) => text.insert(0, 'Agenda'));
		const id = store.append(NAME, updates[0]);
		database.sqlite.exec(
			`create trigger no_delete before delete on yjs_updates begin select raise(abort, 'locked'); end`
		);
		expect(() => store.compact(NAME, Y.encodeStateAsUpdate(doc), id)).toThrow('locked');
		expect(rowCounts(database)).toEqual({ updates: 1, documents: 0 });
	});

	it('loads snapshot plus newer updates into the original text, with deletions', () => {
		const doc = new Y.Doc();
		const text = doc.getText('notes');
		let lastId = 0;
		doc.on('update', (update: Uint8Array) => (lastId = store.append(NAME, update)));
		text.insert(0, 'Case 12: housing referral pending. ');
		text.insert(text.length, 'Case 14: closed.');
		store.compact(NAME, Y.encodeStateAsUpdate(doc), lastId);
		text.delete(8, 9); // after the snapshot
		text.insert(0, '[reviewed] ');
		expect(store.pendingCount(NAME)).toBe(2);

		const loaded = store.load(NAME, { validate: validateUpdate });
		expect(loaded.doc.getText('notes').toString()).toBe(text.toString());
		expect(Y.encodeStateVector(loaded.doc)).toEqual(Y.encodeStateVector(doc));
		expect(loaded.pendingUpdates).toBe(2);
		expect(loaded.snapshotBytes).toBeGreaterThan(0);
	});

	it('throws on a corrupt snapshot instead of returning a blank document', () => {
		const { doc, updates } = editedDoc((text) => text.insert(0, 'Stored notes that matter'));
		const id = store.append(NAME, updates[0]);
		store.compact(NAME, Y.encodeStateAsUpdate(doc), id);
		const truncated = Y.encodeStateAsUpdate(doc).slice(0, 12);
		database.sqlite
			.prepare('update yjs_documents set snapshot = ? where name = ?')
			.run(Buffer.from(truncated), NAME);

		expect(() => store.load(NAME)).toThrow(YjsLoadError);
		// Bytes Yjs would half-accept (it ignores trailing garbage) are caught by the validator the server passes in.
		const garbage = Buffer.concat([Buffer.from(Y.encodeStateAsUpdate(doc)), Buffer.from([0x55, 0x55])]);
		database.sqlite.prepare('update yjs_documents set snapshot = ? where name = ?').run(garbage, NAME);
		expect(() => store.load(NAME, { validate: validateUpdate })).toThrow(/snapshot/);
		// Nothing was written over the stored row.
		expect(rowCounts(database)).toEqual({ updates: 0, documents: 1 });
	});

	it('throws on a corrupt log row, naming the row', () => {
		const { updates } = editedDoc((text) => text.insert(0, 'abc'));
		store.append(NAME, updates[0]);
		const bad = store.append(NAME, new Uint8Array([1, 200, 1]));
		expect(() => store.load(NAME, { validate: validateUpdate })).toThrow(new RegExp(`update #${bad}`));
	});
});
