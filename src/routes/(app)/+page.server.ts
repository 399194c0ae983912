import { redirect } from '@sveltejs/kit';
import { studiesOf } from '$lib/server/evaluation';
import { listMeetingsFor } from '$lib/server/meetings';
import { can } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	// The board is home for everyone who works with individual participants.
	if (can(actor, 'roster.view', { jurisdictionId: actor.jurisdictionId })) redirect(303, '/board');
	const meetings = listMeetingsFor(locals.services.db, actor).map((m) => ({
		id: m.id,
		title: m.title,
		kind: m.kind,
		startsAt: m.startsAt.toISOString(),
		location: m.location
	}));
	const scope = { jurisdictionId: actor.jurisdictionId };
	// Evaluators (and whoever opens their studies) start from the de-identified data.
	const evaluation = can(actor, 'evaluation.view', scope)
		? {
				studies: studiesOf(locals.services.db, actor.jurisdictionId).length,
				download: can(actor, 'evaluation.export', scope)
			}
		: null;
	return { meetings, evaluation };
};
