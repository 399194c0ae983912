/** Participants flagged for discussion at the next workgroup meeting, and the way to flag one. */
import { commandAction, signedIn } from '$lib/server/http/command-action';
import { openFlags } from '$lib/server/meetings';
import { rosterView } from '$lib/server/participants';
import { can } from '$lib/server/policy';
import type { AgencyKind } from '$lib/shared/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	const { db } = event.locals.services;
	if (!can(actor, 'roster.view', { jurisdictionId: actor.jurisdictionId }))
		return { flagged: [], roster: [] };
	const cards = rosterView(db, actor).cards;
	const byId = new Map(cards.map((c) => [c.participantId, c]));
	const flags = openFlags(db, actor.jurisdictionId);
	const flagged = [...new Set(flags.map((f) => f.participantId))].flatMap((id) => {
		const card = byId.get(id);
		if (!card) return [];
		const agencies = [
			...new Set(flags.filter((f) => f.participantId === id).map((f) => f.agencyKind as AgencyKind))
		];
		return [{ participantId: id, code: card.code, name: card.name, agencies }];
	});
	return {
		flagged,
		roster: cards.map((c) => ({ participantId: c.participantId, code: c.code, name: c.name }))
	};
};

export const actions: Actions = {
	flag: (event) => commandAction(event, { name: 'participant.flag' })
};
