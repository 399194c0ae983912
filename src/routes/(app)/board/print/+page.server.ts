/** The roster as a meeting packet: every participant the person printing may see, redacted for them. */
import { error } from '@sveltejs/kit';
import { lastMeetingAt } from '$lib/server/board/since';
import { signedIn } from '$lib/server/http/command-action';
import { printedBy } from '$lib/server/paper';
import { rosterView } from '$lib/server/participants';
import { can } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	if (!can(actor, 'roster.view', { jurisdictionId: actor.jurisdictionId })) {
		error(403, 'Your role does not see individual participants.');
	}
	const { db } = event.locals.services;
	const now = new Date();
	const since = lastMeetingAt(db, actor.jurisdictionId, now);
	const roster = rosterView(db, actor, {}, { now, since });
	return { cards: roster.cards, since: since.toISOString(), paper: printedBy(db, actor, now) };
};
