import { error } from '@sveltejs/kit';
import { commandAction } from '$lib/server/http/command-action';
import { can } from '$lib/server/policy';
import { programOf } from '$lib/server/program/settings';
import { RACE_ETHNICITY_LABELS } from '$lib/shared/participant-labels';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	if (!can(actor, 'roster.import', { jurisdictionId: actor.jurisdictionId })) {
		error(403, 'Your role does not import the roster.');
	}
	const { settings, assessmentWindowDays } = programOf(locals.services.db, actor.jurisdictionId);
	return {
		raceEthnicities: settings.raceEthnicities.map((value) => ({
			value,
			label: RACE_ETHNICITY_LABELS[value]
		})),
		genders: settings.genders,
		assessmentWindowDays
	};
};

export const actions: Actions = {
	check: (event) => commandAction(event, { name: 'roster.import', files: ['file'], extra: { dryRun: true } }),
	import: (event) =>
		commandAction(event, { name: 'roster.import', files: ['file'], extra: { dryRun: false } })
};
