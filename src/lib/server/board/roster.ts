/**
 * The board as one person reads it over a live connection: the roster with the sequence number
 * it is current to, and the catch-up after a reconnect (the cards changed since a sequence
 * number that this viewer may see, and those they may no longer see).
 */
import type { Db } from '../db';
import { isDomainError } from '../errors';
import { changesSince, latestSeq, participantCardView, rosterView } from '../participants';
import type { Actor } from '../policy';
import { lastMeetingAt } from './since';

export function boardRoster(db: Db, actor: Actor, query: unknown = {}) {
	const now = new Date();
	const since = lastMeetingAt(db, actor.jurisdictionId, now);
	const roster = rosterView(db, actor, query, { now, since });
	return { roster, seq: latestSeq(db, actor.jurisdictionId), since: since.toISOString() };
}

export function catchUp(db: Db, actor: Actor, afterSeq: number) {
	const { changes, latestSeq: seq, hasMore } = changesSince(db, actor, afterSeq);
	const since = lastMeetingAt(db, actor.jurisdictionId);
	const cards = [];
	const removed: string[] = [];
	for (const participantId of new Set(changes.map((c) => c.participantId))) {
		try {
			cards.push(participantCardView(db, actor, participantId, { since }));
		} catch (error) {
			if (!isDomainError(error)) throw error;
			removed.push(participantId);
		}
	}
	return { cards, removed, seq, hasMore };
}
