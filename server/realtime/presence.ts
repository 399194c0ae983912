/** Who is here: open connections per jurisdiction, folded into one entry per person. */
import type { PresentUser } from '../../src/lib/shared/events';

type Person = Omit<PresentUser, 'connections'>;

export class Presence {
	readonly #connections = new Map<string, { jurisdictionId: string; person: Person }>();

	add(connectionId: string, jurisdictionId: string, person: Person): void {
		this.#connections.set(connectionId, { jurisdictionId, person });
	}

	/** Removes a connection and returns the jurisdiction it was in. */
	remove(connectionId: string): string | undefined {
		const entry = this.#connections.get(connectionId);
		this.#connections.delete(connectionId);
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
}
