/**
 * The Tiptap editor of the meeting notes, bound to the session's Y.XmlFragment: Yjs undo instead
 * of ProseMirror's history, and carets labelled with each editor's name and agency.
 */
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import StarterKit from '@tiptap/starter-kit';
import { personFrom, type NotesSession } from '$lib/client/notes.svelte';

/** Headings inside the notes sit under the page's own h1/h2. */
export const NOTES_HEADING_LEVEL = 3;

export interface NotesEditorOptions {
	element: HTMLElement;
	session: NotesSession;
	/** Id and accessible name of the editing area. */
	id: string;
	label: string;
	/** Id of the text that describes the area (readers line, read-only notice). */
	describedBy: string;
	onTransaction: () => void;
}

export function createNotesEditor(options: NotesEditorOptions): Editor {
	const { session } = options;
	return new Editor({
		element: options.element,
		editable: !session.readOnly,
		extensions: [
			StarterKit.configure({
				undoRedo: false, // Yjs undo only undoes this person's own changes
				heading: { levels: [NOTES_HEADING_LEVEL] },
				codeBlock: false,
				code: false,
				horizontalRule: false
			}),
			Collaboration.configure({ fragment: session.fragment }),
			CollaborationCaret.configure({
				provider: session.provider,
				user: session.user,
				render: renderCaret,
				selectionRender: renderSelection
			})
		],
		editorProps: {
			attributes: {
				id: options.id,
				'aria-label': options.label,
				'aria-describedby': options.describedBy,
				'aria-multiline': 'true',
				'aria-readonly': String(session.readOnly),
				role: 'textbox',
				class: 'notes-content'
			}
		},
		onTransaction: options.onTransaction
	});
}

/** Another editor's caret: a bar in their agency colour and a label with name and agency. */
function renderCaret(state: Record<string, unknown>): HTMLElement {
	const person = personFrom({ user: state });
	const caret = document.createElement('span');
	caret.className = 'collaboration-carets__caret';
	caret.style.borderColor = person?.color ?? '#4b5563';
	const label = document.createElement('span');
	label.className = 'collaboration-carets__label';
	label.style.backgroundColor = person?.color ?? '#4b5563';
	label.textContent = person ? `${person.name} · ${person.agencyLabel}` : 'Someone';
	caret.append(label);
	return caret;
}

function renderSelection(state: Record<string, unknown>) {
	const person = personFrom({ user: state });
	// The agency colour at low opacity: text under the selection stays readable.
	return {
		nodeName: 'span',
		class: 'collaboration-carets__selection',
		style: `background-color: ${person?.color ?? '#4b5563'}33`
	};
}
