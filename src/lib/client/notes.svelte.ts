/**
 * One meeting's notes in the browser: owns the Y.Doc, its connection (NotesLink), the copy kept
 * in IndexedDB for offline reloads, and awareness (who is in the notes). Components read its
 * state; only this class talks to the provider.
 */
import type { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import { YJS_PATH_PREFIX } from '$lib/shared/events';
import { NOTES_FRAGMENT } from '$lib/shared/notes';
import { AGENCY_KINDS, AGENCY_STYLE, type AgencyKind } from '$lib/shared/roles';
import { forgetSessionCopies, keepOnThisDevice } from './local-copies';
import { NotesLink, type NotesConnection } from './notes-link';

export type { NotesConnection } from './notes-link';

/** What each editor publishes in awareness under `user` (the caret extension reads it too). */
export interface NotesUser {
	name: string;
	agencyKind: AgencyKind;
	agencyLabel: string;
	color: string;
	canEdit: boolean;
}

export interface NotesPerson extends NotesUser {
	clientId: number;
	isMe: boolean;
}

export interface NotesSessionOptions {
	meetingId: string;
	me: { name: string; agencyKind: AgencyKind };
	readOnly: boolean;
}

export class NotesSession {
	readonly link: NotesLink;
	readonly fragment: Y.XmlFragment;
	readonly user: NotesUser;
	readonly readOnly: boolean;
	#connection = $state<NotesConnection>('connecting');
	#people = $state<NotesPerson[]>([]);
	#documentBytes = $state<number | null>(null);
	#keptInBrowser = $state(false);
	#local: IndexeddbPersistence | null = null;
	readonly #cleanups: (() => void)[] = [];

	constructor({ meetingId, me, readOnly }: NotesSessionOptions) {
		this.readOnly = readOnly;
		this.user = userFor(me.name, me.agencyKind, !readOnly);
		this.link = new NotesLink({ meetingId, endpoint: endpointHere(), crossTab: true });
		this.fragment = this.link.doc.getXmlFragment(NOTES_FRAGMENT);
	}

	get doc(): Y.Doc {
		return this.link.doc;
	}
	get provider() {
		return this.link.provider;
	}
	get connection(): NotesConnection {
		return this.#connection;
	}
	get people(): NotesPerson[] {
		return this.#people;
	}
	/** Set when the server said the document passed its size limit. */
	get documentBytes(): number | null {
		return this.#documentBytes;
	}
	/** True once the local IndexedDB copy is loaded: edits survive a reload while offline. */
	get keptInBrowser(): boolean {
		return this.#keptInBrowser;
	}

	/** Opens the local copy and the connection; call from the browser only. */
	start(): void {
		this.#keepInBrowser();
		this.#cleanups.push(this.link.subscribe(() => this.#linkChanged()));
		const awareness = this.link.provider.awareness;
		awareness.setLocalStateField('user', this.user);
		const onAwareness = () => (this.#people = peopleIn(awareness.getStates(), awareness.clientID));
		awareness.on('change', onAwareness);
		this.#cleanups.push(() => awareness.off('change', onAwareness));
		onAwareness();
		this.#watchBrowserNetwork();
		this.link.start();
	}

	retry(): void {
		this.link.retry();
	}

	destroy(): void {
		for (const cleanup of this.#cleanups.splice(0)) cleanup();
		this.link.destroy();
		void this.#local?.destroy();
		this.link.doc.destroy();
	}

	#linkChanged(): void {
		this.#connection = this.link.state;
		this.#documentBytes = this.link.documentBytes;
		// Access was removed: do not keep a copy of notes this person may no longer read.
		if (this.link.state === 'refused') void this.#local?.clearData();
		if (this.link.state === 'signed-out') this.#forgetLocalCopies();
	}

	#keepInBrowser(): void {
		this.#local = keepOnThisDevice(this.link.provider.roomname, this.link.doc);
		this.#local?.on('synced', () => (this.#keptInBrowser = true));
	}

	/**
	 * The session ended (sign-out elsewhere, expiry, an administrator): every notes copy on this
	 * device goes, since the next person at this browser may not be the one who made it. Edits the
	 * board had not received yet are discarded with it; the notes status says so.
	 */
	#forgetLocalCopies(): void {
		this.#local = null;
		this.#keptInBrowser = false;
		void forgetSessionCopies();
	}

	#watchBrowserNetwork(): void {
		const online = () => this.link.setBrowserOnline(true);
		const offline = () => this.link.setBrowserOnline(false);
		window.addEventListener('online', online);
		window.addEventListener('offline', offline);
		this.#cleanups.push(() => {
			window.removeEventListener('online', online);
			window.removeEventListener('offline', offline);
		});
		if (!navigator.onLine) this.link.setBrowserOnline(false);
	}
}

/** `ws://host/yjs` or `wss://host/yjs` for the page's own origin (the cookie travels with it). */
function endpointHere(): string {
	const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
	return `${scheme}//${location.host}${YJS_PATH_PREFIX.replace(/\/$/, '')}`;
}

export function userFor(name: string, agencyKind: AgencyKind, canEdit: boolean): NotesUser {
	const style = AGENCY_STYLE[agencyKind];
	return { name, agencyKind, agencyLabel: style.label, color: style.colour, canEdit };
}

/**
 * Awareness states come from other browsers: only a well-formed `user` is shown, and its colour
 * and agency label are looked up here rather than taken from the sender.
 */
export function personFrom(state: unknown): NotesUser | null {
	const user = (state as { user?: unknown } | null)?.user as Partial<NotesUser> | undefined;
	if (!user || typeof user.name !== 'string' || !user.name.trim()) return null;
	const kind = AGENCY_KINDS.find((k) => k === user.agencyKind);
	if (!kind) return null;
	return userFor(user.name.trim().slice(0, 80), kind, user.canEdit === true);
}

function peopleIn(states: Map<number, unknown>, myId: number): NotesPerson[] {
	const people: NotesPerson[] = [];
	for (const [clientId, state] of states) {
		const person = personFrom(state);
		if (person) people.push({ ...person, clientId, isMe: clientId === myId });
	}
	return people.sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name));
}
