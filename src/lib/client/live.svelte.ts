/**
 * The browser's live connection to the board: one socket.io client per tab, its connection
 * state and who is here. Components read it; only this class talks to the socket.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PresentUser, ServerToClientEvents } from '$lib/shared/events';
import { SOCKET_PATH } from '$lib/shared/events';
import { forgetSessionCopies } from './local-copies';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'signed-out';
export type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class LiveConnection {
	#state = $state<ConnectionState>('connecting');
	#people = $state<PresentUser[]>([]);
	#endedMessage = $state<string | null>(null);
	#socket: BoardSocket | null = null;
	#unwatch: () => void = () => undefined;

	get state() {
		return this.#state;
	}
	get people() {
		return this.#people;
	}
	get endedMessage() {
		return this.#endedMessage;
	}
	get socket() {
		return this.#socket;
	}

	/** Opens the socket once (or waits for the network to do so); later calls return the same one. */
	connect(): BoardSocket {
		if (this.#socket) return this.#socket;
		const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
		const socket: BoardSocket = io({
			path: SOCKET_PATH,
			withCredentials: true,
			reconnectionDelay: 500,
			reconnectionDelayMax: 8_000,
			randomizationFactor: 0.5,
			autoConnect: !offline
		});
		this.#socket = socket;
		if (offline) this.#state = 'offline';
		this.#watchNetwork(socket);
		socket.on('connect', () => (this.#state = 'live'));
		socket.on('disconnect', (reason) => {
			if (this.#state === 'signed-out' || this.#state === 'offline') return;
			this.#state = reason === 'io server disconnect' ? 'offline' : 'reconnecting';
		});
		socket.io.on('reconnect_attempt', () => {
			if (this.#state !== 'signed-out') this.#state = 'reconnecting';
		});
		socket.on('connect_error', (error) => {
			const code = (error as Error & { data?: { code?: string } }).data?.code;
			if (code === 'unauthenticated' || code === 'session_ended') this.#signedOut('Your session has ended.');
			else this.#state = 'reconnecting';
		});
		socket.on('presence:v1', (people) => (this.#people = people));
		socket.on('session:ended:v1', ({ message }) => this.#signedOut(message));
		return socket;
	}

	/**
	 * The device says when it loses its network: the socket is closed at once (rather than waiting
	 * for a heartbeat to go unanswered) so changes go to the outbox, and opened again when the
	 * network returns.
	 */
	#watchNetwork(socket: BoardSocket): void {
		if (typeof window === 'undefined') return;
		const offline = () => {
			if (this.#state === 'signed-out') return;
			socket.disconnect();
			this.#state = 'offline';
			this.#people = [];
		};
		const online = () => {
			if (this.#state === 'signed-out' || socket.connected) return;
			this.#state = 'connecting';
			socket.connect();
		};
		window.addEventListener('offline', offline);
		window.addEventListener('online', online);
		this.#unwatch = () => {
			window.removeEventListener('offline', offline);
			window.removeEventListener('online', online);
		};
	}

	#signedOut(message: string): void {
		this.#state = 'signed-out';
		this.#endedMessage = message;
		this.#people = [];
		this.#socket?.disconnect();
		// The session is over, whoever ended it: the next person at this browser must not find the
		// notes in its storage, even at the cost of edits made offline and not yet sent.
		void forgetSessionCopies();
	}

	disconnect(): void {
		this.#unwatch();
		this.#socket?.disconnect();
		this.#socket = null;
	}
}
