/** Participants flagged for discussion at the next workgroup meeting, and the way to flag one. */
import { fail } from '@sveltejs/kit';
import { isDomainError } from '$lib/server/errors';
import { failFromDomain } from '$lib/server/http/actions';
import { flagForDiscussion, openFlags } from '$lib/server/meetings';
import { rosterView } from '$lib/server/participants';
import { can } from '$lib/server/policy';
import type { AgencyKind } from '$lib/shared/roles';
import type { Actions, PageServerLoad } from './$types';
import { signedIn } from '../form';

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
	flag: async (event) => {
		const actor = signedIn(event);
		const form = await event.request.formData();
		try {
			const result = flagForDiscussion(
				event.locals.services.db,
				actor,
				{ participantId: String(form.get('participantId') ?? '') },
				{ sourceAddress: event.getClientAddress() }
			);
			return { ok: true as const, created: result.created };
		} catch (e) {
			if (!isDomainError(e)) return fail(500, { message: 'Something went wrong; nothing was changed.' });
			return failFromDomain(e, {});
		}
	}
};
