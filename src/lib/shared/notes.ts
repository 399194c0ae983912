/**
 * What the browser and the server agree on about a meeting's notes document: the name of the
 * rich-text fragment inside the Y.Doc, and the notice frame the Yjs server may send.
 */

/** The Y.XmlFragment the editor binds to (`doc.getXmlFragment(NOTES_FRAGMENT)`). */
export const NOTES_FRAGMENT = 'notes-body';

/**
 * A y-websocket message type of our own (0–3 are the protocol's): the server tells the room
 * something that is not document content. Providers that do not know it ignore it.
 */
export const MESSAGE_NOTICE = 100;

/** Notice kinds carried after MESSAGE_NOTICE, each followed by one varuint argument. */
export const NOTICE = {
	/** The document's encoded size passed the configured limit; argument: its size in bytes. */
	DOCUMENT_LARGE: 1
} as const;
