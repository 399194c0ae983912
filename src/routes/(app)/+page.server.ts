import { listMeetingsFor } from '$lib/server/meetings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	const meetings = listMeetingsFor(locals.services.db, actor).map((m) => ({
		id: m.id,
		title: m.title,
		kind: m.kind,
		startsAt: m.startsAt.toISOString(),
		location: m.location
	}));
	return { meetings };
};
