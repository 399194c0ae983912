/**
 * The meeting's side of its notes: named versions (a Yjs snapshot plus its plain text, taken when
 * the meeting ends and when the minutes are approved), read through the notes' YjsStore.
 */
import { asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Conn, Db } from '../db';
import { meetingNoteVersions, type NoteVersionKind } from '../db/meetings.schema';
import { log } from '../log';
import { YjsStore } from '../notes/yjs-store';
import type { Actor } from '../policy';
import { yjsRooms } from '../../shared/events';

export interface NotesState {
	state: Uint8Array;
	text: string;
}

/** Plain text of a rich-text element tree: one line per block. */
function xmlText(node: Y.XmlElement | Y.XmlFragment | Y.XmlText): string {
	if (node instanceof Y.XmlText) {
		return (node.toDelta() as { insert: unknown }[])
			.map((d) => (typeof d.insert === 'string' ? d.insert : ''))
			.join('');
	}
	const parts = node.toArray().map((child) => (child instanceof Y.XmlHook ? '' : xmlText(child)));
	const block = node instanceof Y.XmlElement && node.nodeName !== 'paragraph' && node.nodeName !== 'heading';
	return parts.join(node instanceof Y.XmlFragment || block ? '\n' : '').replace(/\n{3,}/g, '\n\n');
}

/**
 * The document's text, whatever its shared types are: the editor's XmlFragment, or a plain
 * Y.Text. Each top-level type's content tells which it is, so nothing is cast wrongly.
 */
export function notesPlainText(doc: Y.Doc): string {
	const out: string[] = [];
	for (const [name, type] of doc.share) {
		const first = type._start?.content;
		if (!first) continue;
		if (first instanceof Y.ContentString || first instanceof Y.ContentFormat) {
			out.push(doc.getText(name).toString());
		} else if (first instanceof Y.ContentType) {
			out.push(xmlText(doc.getXmlFragment(name)));
		}
	}
	return out.join('\n').trim();
}

/**
 * Reads the stored notes of a meeting (snapshot plus update log). A document that cannot be
 * loaded is logged and answered null: the caller keeps no version rather than a wrong one.
 */
export function readNotesState(db: Db, meetingId: string): NotesState | null {
	try {
		const { doc } = new YjsStore(db).load(yjsRooms.meetingNotes(meetingId));
		try {
			return { state: Y.encodeStateAsUpdate(doc), text: notesPlainText(doc) };
		} finally {
			doc.destroy();
		}
	} catch (error) {
		log('error', 'meeting.notes_version_unreadable', { meetingId, error: String(error) });
		return null;
	}
}

export function storeNoteVersion(
	tx: Conn,
	v: {
		meetingId: string;
		kind: NoteVersionKind;
		label: string;
		state: Uint8Array;
		text: string;
		actor: Actor;
		now: Date;
	}
): string {
	return tx
		.insert(meetingNoteVersions)
		.values({
			meetingId: v.meetingId,
			kind: v.kind,
			label: v.label,
			state: Buffer.from(v.state),
			text: v.text,
			createdByUserId: v.actor.userId,
			createdAt: v.now
		})
		.returning({ id: meetingNoteVersions.id })
		.get().id;
}

export function listNoteVersions(db: Conn, meetingId: string) {
	return db
		.select({
			id: meetingNoteVersions.id,
			kind: meetingNoteVersions.kind,
			label: meetingNoteVersions.label,
			text: meetingNoteVersions.text,
			createdByUserId: meetingNoteVersions.createdByUserId,
			createdAt: meetingNoteVersions.createdAt
		})
		.from(meetingNoteVersions)
		.where(eq(meetingNoteVersions.meetingId, meetingId))
		.orderBy(asc(meetingNoteVersions.createdAt))
		.all();
}
