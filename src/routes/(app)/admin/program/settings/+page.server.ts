/** The program's settings, as its administrator keeps them. */
import { error } from '@sveltejs/kit';
import { commandAction, signedIn } from '$lib/server/http/command-action';
import { programOf } from '$lib/server/program/settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { may } = await event.parent();
	if (!may.manage) error(403, 'Only the program’s administrator changes its settings.');
	const actor = signedIn(event);
	return {
		program: programOf(event.locals.services.db, actor.jurisdictionId),
		zones: Intl.supportedValuesOf('timeZone')
	};
};

export const actions: Actions = {
	// Unticking every pathway or category sends nothing: the settings then say so, and are refused.
	save: (event) =>
		commandAction(event, { name: 'program.settings', defaults: { pathways: [], raceEthnicities: [] } })
};
