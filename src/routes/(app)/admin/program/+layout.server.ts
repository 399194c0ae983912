/** The program's set-up pages, for those who keep the program: its administrator, and for the rules its facilitator and the PCG. */
import { error } from '@sveltejs/kit';
import { signedIn } from '$lib/server/http/command-action';
import { can } from '$lib/server/policy';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
	const actor = signedIn(event);
	const scope = { jurisdictionId: actor.jurisdictionId };
	const may = {
		manage: can(actor, 'program.manage', scope),
		editRules: can(actor, 'rules.edit', scope),
		readRules: can(actor, 'rules.history', scope)
	};
	if (!may.manage && !may.readRules) error(403, 'Your role does not keep the program’s set-up.');
	return { may };
};
