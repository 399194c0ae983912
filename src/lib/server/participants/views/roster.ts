/**
 * The jurisdiction's roster as cards, filtered, searched and grouped, built from a handful of
 * grouped queries whatever the roster's size.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Conn } from '../../db';
import { participants, type Participant } from '../../db/participants.schema';
import { authorize, type Actor } from '../../policy';
import type { ParticipantCard, RosterGroup, RosterView } from '../../../shared/participant-views';
import { EMPTY_FACTS, loadFacts } from '../board';
import { parseInput } from '../../commands/kernel';
import { rosterQueryInput } from '../schemas';
import { buildCard } from './card';
import { viewContext, type ViewOptions } from './context';
import { compact } from './wire';

type ParsedQuery = z.output<typeof rosterQueryInput>;

function matchesSearch(card: ParticipantCard, p: Participant, q: string): boolean {
	if (card.code.toLowerCase().includes(q)) return true;
	// Names are searched only when the card shows the name: a hidden field must never decide a match.
	if (card.name === undefined) return false;
	return [p.legalName, ...p.aliases].some((n) => n.toLowerCase().includes(q));
}

function groupCards(cards: ParticipantCard[], by: 'status' | 'caseManager'): RosterGroup[] {
	const groups = new Map<string, RosterGroup>();
	for (const c of cards) {
		const key = by === 'status' ? c.status : (c.caseManager?.userId ?? 'unassigned');
		const label = by === 'status' ? c.status : (c.caseManager?.name ?? 'Unassigned');
		const g = groups.get(key) ?? { key, label, participantIds: [] };
		g.participantIds.push(c.participantId);
		groups.set(key, g);
	}
	return [...groups.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/** The jurisdiction's participants with the status and case manager the query asks for. */
function rosterRows(db: Conn, jurisdictionId: string, q: ParsedQuery): Participant[] {
	return db
		.select()
		.from(participants)
		.where(and(eq(participants.jurisdictionId, jurisdictionId), isNull(participants.mergedIntoId)))
		.orderBy(participants.code)
		.all()
		.filter((p) => (q.status ? p.status === q.status : true))
		.filter((p) =>
			q.caseManagerId === undefined
				? true
				: q.caseManagerId === 'unassigned'
					? p.caseManagerUserId === null
					: p.caseManagerUserId === q.caseManagerId
		);
}

/** The roster, redacted for the actor; flags and search look only at what the actor's cards show. */
export function rosterView(db: Conn, actor: Actor, query: unknown = {}, opts: ViewOptions = {}): RosterView {
	const q = parseInput(rosterQueryInput, query);
	authorize(actor, 'roster.view', { jurisdictionId: actor.jurisdictionId });
	const ctx = viewContext(db, actor, opts, null);
	const facts = loadFacts(db, actor.jurisdictionId, null, ctx.now);
	const search = q.search?.toLowerCase();
	const cards: ParticipantCard[] = [];
	for (const p of rosterRows(db, actor.jurisdictionId, q)) {
		const card = buildCard(p, facts.get(p.id) ?? EMPTY_FACTS, ctx);
		if (q.flag && !card.flags.includes(q.flag)) continue;
		if (search && !matchesSearch(card, p, search)) continue;
		cards.push(card);
	}
	return compact<RosterView>({
		total: cards.length,
		cards,
		groups: q.group ? groupCards(cards, q.group) : undefined
	});
}
