/**
 * Data for evaluators: the program's evaluation studies, each with its de-identified export to
 * download (evaluators), the form that opens a study (administrator, facilitator), what the export
 * holds and how it is protected, and the latest downloads. A thin adapter: the evaluation module
 * and the policy decide.
 */
import { error } from '@sveltejs/kit';
import { commandAction, signedIn } from '$lib/server/http/command-action';
import { dataDictionary, downloadHistory, exportRules, studiesOf } from '$lib/server/evaluation';
import { can } from '$lib/server/policy';
import { programOf } from '$lib/server/program/settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	const scope = { jurisdictionId: actor.jurisdictionId };
	if (!can(actor, 'evaluation.view', scope)) {
		error(403, 'Evaluation data is for evaluators, the facilitator and the administrator.');
	}
	const { db } = event.locals.services;
	const { settings } = programOf(db, actor.jurisdictionId);
	return {
		studies: studiesOf(db, actor.jurisdictionId),
		downloads: downloadHistory(db, actor.jurisdictionId),
		dictionary: dataDictionary(settings),
		rules: exportRules(settings.smallNumberThreshold),
		k: settings.smallNumberThreshold,
		may: {
			download: can(actor, 'evaluation.export', scope),
			open: can(actor, 'study.create', scope)
		}
	};
};

export const actions: Actions = {
	open: (event) => commandAction(event, { name: 'study.create' })
};
