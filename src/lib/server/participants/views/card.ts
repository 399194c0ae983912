/** The roster card: one participant as one actor may see them, and its fan-out to many recipients. */
import type { Conn } from '../../db';
import type { Participant } from '../../db/participants.schema';
import { audienceSeat, namedPeople, participantAudience, type Actor } from '../../policy';
import type { ParticipantCard } from '../../../shared/participant-views';
import { isDomainError, notFound } from '../../errors';
import {
	assessmentClock,
	computeFlags,
	EMPTY_FACTS,
	factsOf,
	loadFacts,
	type ParticipantFacts
} from '../board';
import { participantById, participantResource } from '../changes';
import { staffRef } from '../staff';
import { oneInView, sightOf, viewable, viewContext, type ViewContext, type ViewOptions } from './context';
import { compact, iso } from './wire';

function eligibilityOf(facts: ParticipantFacts): ParticipantCard['eligibility'] {
	const r = facts.latestReferral;
	if (!r?.screeningResult) return null;
	return r.overridden ? 'overridden' : r.screeningResult;
}

export function buildCard(p: Participant, facts: ParticipantFacts, ctx: ViewContext): ParticipantCard {
	const sight = sightOf(ctx, p);
	const clock = assessmentClock(p, facts, ctx.now, ctx.timezone, ctx.settings);
	return compact<ParticipantCard>({
		participantId: p.id,
		code: p.code,
		status: p.status,
		statusSince: p.statusChangedAt.toISOString(),
		exitReason: p.exitReason,
		version: p.version,
		name: sight.row.legalName,
		caseManager: staffRef(ctx.users, p.caseManagerUserId),
		eligibility: eligibilityOf(facts),
		pathway: facts.latestReferral?.pathway ?? null,
		assessment: clock
			? { dueAt: clock.dueAt.toISOString(), daysLeft: clock.daysLeft, overdue: clock.overdue }
			: null,
		nextCourtDate: sight.shows('legal_matters', 'nextCourtDate') ? iso(facts.nextCourtDate) : undefined,
		lastContactAt: sight.shows('contacts', 'occurredAt') ? iso(facts.lastContactAt) : undefined,
		flags: computeFlags(p, facts, clock, ctx.now, ctx.since, ctx.settings),
		redacted: sight.redacted,
		part2Notice: sight.part2Notice
	});
}

/** One roster card, redacted for the actor. */
export function participantCardView(
	db: Conn,
	actor: Actor,
	participantId: string,
	opts: ViewOptions = {}
): ParticipantCard {
	const { p, ctx, facts } = oneInView(db, actor, participantId, opts);
	return buildCard(p, facts, ctx);
}

/**
 * Many roster cards for one actor (a catch-up), with one view context and one load of board facts
 * for them all instead of a round of queries per card: the cards they may see, and as removed the
 * ids they no longer may (gone, joined into another record, or out of their sight).
 */
export function participantCardsView(
	db: Conn,
	actor: Actor,
	participantIds: string[],
	opts: ViewOptions = {}
): { cards: ParticipantCard[]; removed: string[] } {
	const ctx = viewContext(db, actor, opts, participantIds);
	const facts = loadFacts(db, actor.jurisdictionId, participantIds, ctx.now);
	const cards: ParticipantCard[] = [];
	const removed: string[] = [];
	for (const participantId of participantIds) {
		try {
			const p = viewable(db, actor, participantId);
			cards.push(buildCard(p, facts.get(participantId) ?? EMPTY_FACTS, ctx));
		} catch (error) {
			if (!isDomainError(error)) throw error;
			removed.push(participantId);
		}
	}
	return { cards, removed };
}

/** One recipient's place in a change's fan-out: their audience, and the card everyone in it gets. */
export interface BroadcastView {
	/** The policy's audience key for this recipient and participant; null: they may not see it. */
	audience: string | null;
	card: ParticipantCard | null;
}

/** Places a recipient in their audience; `named` lists the people the participant names. */
export type BroadcastViews = ((actor: Actor) => BroadcastView) & { named: readonly string[] };

/**
 * Loads a participant (and its consents) once and returns a function that places any recipient
 * in the audience the policy puts them in, with that audience's redacted card (null when they may
 * not see the participant): decided once per seat the policy tells apart and built once per
 * audience, so one change to many sockets costs one card per distinct view, not one per recipient.
 */
export function cardBroadcaster(
	db: Conn,
	jurisdictionId: string,
	participantId: string,
	opts: ViewOptions = {}
): BroadcastViews {
	const p = participantById(db).get({ id: participantId });
	// A record joined into another leaves every board.
	if (p?.mergedIntoId) return Object.assign(() => ({ audience: null, card: null }), { named: [] });
	if (!p || p.jurisdictionId !== jurisdictionId) throw notFound('Participant');
	const staff = p.caseManagerUserId ? [p.caseManagerUserId] : [];
	const base = viewContext(db, { jurisdictionId } as Actor, opts, [p.id], jurisdictionId, staff);
	const facts = factsOf(db, jurisdictionId, p.id, base.now);
	const resource = { ...participantResource(p), participantId: p.id };
	const grants = (base.consents.get(p.id) ?? []).map((c) => c.grant);
	const cards = new Map<string, ParticipantCard>();
	const seats = new Map<string, BroadcastView>();
	const viewOf = (actor: Actor): BroadcastView => {
		const seat = audienceSeat(actor, resource);
		let view = seats.get(seat);
		if (view) return view;
		const audience = participantAudience(actor, resource, grants, base.now);
		if (audience === null) view = { audience, card: null };
		else {
			let card = cards.get(audience);
			if (!card) cards.set(audience, (card = buildCard(p, facts, { ...base, actor })));
			view = { audience, card };
		}
		seats.set(seat, view);
		return view;
	};
	return Object.assign(viewOf, { named: namedPeople(resource) });
}
