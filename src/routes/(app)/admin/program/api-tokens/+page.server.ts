/** API tokens a state or county dashboard reads the program figures with: issued, listed and revoked. */
import { error } from '@sveltejs/kit';
import { listApiTokens } from '$lib/server/figures/tokens';
import { commandAction, signedIn } from '$lib/server/http/command-action';
import { can } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	if (!can(actor, 'api_tokens.manage', { jurisdictionId: actor.jurisdictionId })) {
		error(403, 'Only the program’s administrator issues API tokens.');
	}
	return { tokens: listApiTokens(event.locals.services.db, actor.jurisdictionId) };
};

export const actions: Actions = {
	issue: (event) => commandAction(event, { name: 'apiToken.issue' }),
	revoke: (event) => commandAction(event, { name: 'apiToken.revoke' })
};
