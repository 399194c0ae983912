/**
 * Who is here: open connections per jurisdiction, folded into one entry per person. People come
 * and go in bursts (a room filling before a meeting, every screen reconnecting after a restart),
 * so who is here is announced once a burst settles, not once per connection: 200 screens
 * reconnecting would otherwise each be sent 200 lists, one per arrival.
 */
import type { PresentUser } from '../../src/lib/shared/events';

type Person = Omit<PresentUser, 'connections'>;

/** How long after a connection opens or closes the jurisdiction's list goes out. */
export const PRESENCE_SETTLE_MS = 100;

export class Presence {
	readonly #connections = new Map<string, { jurisdictionId: string; person: Person }>();
	readonly #pending = new Map<string, NodeJS.Timeout>();
	readonly #announce: (jurisdictionId: string, people: PresentUser[]) => void;

	/** `announce` sends a jurisdiction's list to its people; it is called once per settled burst. */
	constructor(announce: (jurisdictionId: string, people: PresentUser[]) => void = () => {}) {
		this.#announce = announce;
	}

	add(connectionId: string, jurisdictionId: string, person: Person): void {
		this.#connections.set(connectionId, { jurisdictionId, person });
		this.#changed(jurisdictionId);
	}

	/** Removes a connection and returns the jurisdiction it was in. */
	remove(connectionId: string): string | undefined {
		const entry = this.#connections.get(connectionId);
		this.#connections.delete(connectionId);
		if (entry) this.#changed(entry.jurisdictionId);
		return entry?.jurisdictionId;
	}

	list(jurisdictionId: string): PresentUser[] {
		const people = new Map<string, PresentUser>();
		for (const { jurisdictionId: j, person } of this.#connections.values()) {
			if (j !== jurisdictionId) continue;
			const seen = people.get(person.userId);
			if (seen) seen.connections += 1;
			else people.set(person.userId, { ...person, connections: 1 });
		}
		return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
	}

	/** Forgets the announcements not yet sent (the server is stopping). */
	stop(): void {
		for (const timer of this.#pending.values()) clearTimeout(timer);
		this.#pending.clear();
	}

	#changed(jurisdictionId: string): void {
		if (this.#pending.has(jurisdictionId)) return;
		const timer = setTimeout(() => {
			this.#pending.delete(jurisdictionId);
			this.#announce(jurisdictionId, this.list(jurisdictionId));
		}, PRESENCE_SETTLE_MS);
		timer.unref();
		this.#pending.set(jurisdictionId, timer);
	}
}
