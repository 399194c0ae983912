import { redirect } from '@sveltejs/kit';
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
	return { meetings };
};
