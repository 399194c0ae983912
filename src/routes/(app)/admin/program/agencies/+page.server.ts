/** The program's agencies: each with its kind, name, short label and colour. */
import { error } from '@sveltejs/kit';
import { commandAction, signedIn } from '$lib/server/http/command-action';
import { agenciesOf } from '$lib/server/program/agencies';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { may } = await event.parent();
	if (!may.manage) error(403, 'Only the program’s administrator keeps its agencies.');
	const actor = signedIn(event);
	return { agencies: agenciesOf(event.locals.services.db, actor.jurisdictionId) };
};

export const actions: Actions = {
	add: (event) => commandAction(event, { name: 'agency.add' }),
	update: (event) => commandAction(event, { name: 'agency.update' })
};
