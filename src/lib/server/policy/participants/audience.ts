/**
 * Audiences: the people who see a participant the same way. Sending one change to a whole board
 * builds one view per audience instead of one per person, and every person's audience comes from
 * the same decisions their own view would: whether they may see the participant at all, which
 * categories they see, and whether what they see carries the Part 2 notice.
 */
import { INFORMATION_CATEGORIES } from '../../../shared/participant-values';
import type { Actor } from '../actor';
import type { ConsentGrant } from './consent';
import type { ParticipantResource } from './resource';
import { isOwnCaseManager, isOwnDefender } from './resource';
import { participantRules } from './rules';
import { part2NoticeApplies, visibleCategories } from './visibility';

/**
 * The audience this actor is in for this participant now, as a key (equal keys: equal views of
 * the participant), or null when they may not see the participant at all.
 */
export function participantAudience(
	actor: Actor,
	participant: ParticipantResource,
	consents: readonly ConsentGrant[],
	now: Date
): string | null {
	if (actor.jurisdictionId !== participant.jurisdictionId) return null;
	if (!participantRules['participant.view'](actor, participant)) return null;
	const visible = visibleCategories(actor, participant, consents, now);
	// One bit per category, in the fixed order of the list: asked for every recipient of every change.
	let categories = 0;
	INFORMATION_CATEGORIES.forEach((c, bit) => {
		if (visible.has(c)) categories |= 1 << bit;
	});
	return part2NoticeApplies(actor, visible) ? `${categories}|part2` : `${categories}`;
}

/**
 * What of this actor `participantAudience` reads for this participant, as a key: people with the
 * same seat are in the same audience, so a change sent to a whole board decides it once per seat
 * instead of once per person. Their own id counts only where the participant names them (as
 * their case manager or defender); the rest is jurisdiction, role and agency. Any rule that comes
 * to read more of the actor must add it here.
 */
export function audienceSeat(actor: Actor, participant: ParticipantResource): string {
	const named = isOwnCaseManager(actor, participant) || isOwnDefender(actor, participant);
	return named ? `${actorSeat(actor)}${actor.userId}` : actorSeat(actor);
}

/**
 * The people a participant names (their case manager and defender): the only people whose
 * audience for them can differ from the rest of their seat's. Everyone else in a seat sees the
 * participant as `seatStandIn` does.
 */
export function namedPeople(participant: ParticipantResource): string[] {
	const named: string[] = [];
	if (participant.caseManagerUserId) named.push(participant.caseManagerUserId);
	if (participant.defenderUserId) named.push(participant.defenderUserId);
	return named;
}

/**
 * The seat an actor sits in whatever participant is in view (their jurisdiction, role and agency),
 * as a key: open screens are grouped by it, so a change is decided once per seat.
 */
export function boardSeat(actor: Actor): string {
	return actorSeat(actor);
}

/**
 * Someone in this actor's seat whom no participant names: the actor with no user id. Their
 * audience for any participant is the audience of every person of the seat the participant does
 * not name.
 */
export function seatStandIn(actor: Actor): Actor {
	return Object.freeze({ ...actor, userId: '' });
}

/**
 * The part of a seat that is the actor's alone, built once per reading of the person (a re-read
 * person is a new object, and an actor is never changed in place), so a change sent to a whole
 * board compares keys it already has instead of building one string per recipient.
 */
const actorSeats = new WeakMap<Actor, string>();

function actorSeat(actor: Actor): string {
	let seat = actorSeats.get(actor);
	if (seat === undefined) {
		seat = `${actor.jurisdictionId}|${actor.role}|${actor.agencyId}|${actor.agencyKind}|`;
		actorSeats.set(actor, seat);
	}
	return seat;
}
