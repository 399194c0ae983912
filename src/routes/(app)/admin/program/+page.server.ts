/** The set-up path: each step and what it still needs before the program can start. */
import { redirect } from '@sveltejs/kit';
import { signedIn } from '$lib/server/http/command-action';
import { setupSteps } from '$lib/server/program/readiness';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { may } = await event.parent();
	// Who reads only the rules goes straight to them.
	if (!may.manage) redirect(303, '/admin/program/rules');
	const actor = signedIn(event);
	return { steps: setupSteps(event.locals.services.db, actor.jurisdictionId) };
};
