/**
 * The board as one person reads it over a live connection: the roster with the sequence number
 * it is current to, and the catch-up after a reconnect (the cards changed since a sequence
 * number that this viewer may see, and those they may no longer see).
 */
import type { Db } from '../db';
import { changesSince, latestSeq, participantCardsView, rosterView } from '../participants';
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
	const ids = [...new Set(changes.map((c) => c.participantId))];
	const { cards, removed } = participantCardsView(db, actor, ids, { since });
	return { cards, removed, seq, hasMore };
}
