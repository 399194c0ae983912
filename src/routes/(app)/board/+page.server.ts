import { error } from '@sveltejs/kit';
import { lastMeetingAt } from '$lib/server/board/since';
import { latestSeq, rosterView } from '$lib/server/participants';
import { can } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	const scope = { jurisdictionId: actor.jurisdictionId };
	if (!can(actor, 'roster.view', scope)) error(403, 'Your role does not see individual participants.');
	const { db } = locals.services;
	const now = new Date();
	const since = lastMeetingAt(db, actor.jurisdictionId, now);
	const roster = rosterView(db, actor, {}, { now, since });
	return {
		cards: roster.cards,
		seq: latestSeq(db, actor.jurisdictionId),
		since: since.toISOString(),
		canRefer: can(actor, 'referral.create', { ...scope, pathway: 'arrest_diversion' })
	};
};
