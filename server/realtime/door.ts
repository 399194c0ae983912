/**
 * Sessions shut out for flooding are refused at the door: by the cookie their requests carry,
 * before the websocket is upgraded, the session is read or socket.io answers. A person who keeps
 * reopening sockets while shut out then costs the server a header comparison each time instead of
 * a handshake, a session lookup and a refusal packet. Everyone else passes straight through; a
 * request with a different cookie is judged as usual (and shut out again here if it must be).
 * The refusal is answered after a pause, so a client that reopens at once knocks about once a
 * second rather than as fast as the server can say no; past a bound of waiting requests the rest
 * are answered at once. Many connections opened side by side from one address are a proxy's to
 * limit (see the README's proxy settings).
 */
import type { IncomingMessage } from 'node:http';

/** Enough for every session of a large program at once; the oldest is forgotten first beyond it. */
const MOST_KEPT = 10_000;
/** How long a refused request waits for its answer, and how many may wait at once. */
export const DOOR_PAUSE_MS = 1_000;
const MOST_WAITING = 1_000;

export class Door {
	/** Cookie header → the instant its session may knock again. */
	private readonly shut = new Map<string, number>();

	constructor(private readonly clock: () => number = Date.now) {}

	/** Refuses requests carrying this cookie for the next `ms` milliseconds. */
	shutFor(cookie: string | undefined, ms: number): void {
		if (!cookie || ms <= 0) return;
		this.shut.delete(cookie);
		this.shut.set(cookie, this.clock() + ms);
		if (this.shut.size > MOST_KEPT) this.shut.delete(this.shut.keys().next().value!);
	}

	private waiting = 0;

	/**
	 * engine.io's `allowRequest`: lets a request through at once, or turns a shut-out session's away
	 * after the pause.
	 */
	admit(
		request: Pick<IncomingMessage, 'headers'>,
		answer: (refusal: string | null, allowed: boolean) => void
	): void {
		if (!this.refuses(request)) return answer(null, true);
		const refuse = () => answer('Too many actions at once; wait a few seconds.', false);
		if (this.waiting >= MOST_WAITING) return refuse();
		this.waiting++;
		setTimeout(() => {
			this.waiting--;
			refuse();
		}, DOOR_PAUSE_MS).unref();
	}

	/** Whether a request must be turned away without further work. */
	refuses(request: Pick<IncomingMessage, 'headers'>): boolean {
		const cookie = request.headers.cookie;
		if (!cookie || !this.shut.size) return false;
		const until = this.shut.get(cookie);
		if (until === undefined) return false;
		if (until > this.clock()) return true;
		this.shut.delete(cookie);
		return false;
	}
}

/** One door per running board (keyed by its services object), like its rate limits. */
const doors = new WeakMap<object, Door>();

export function doorOf(owner: object): Door {
	let door = doors.get(owner);
	if (!door) doors.set(owner, (door = new Door()));
	return door;
}
