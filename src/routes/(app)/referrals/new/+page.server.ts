import { error, redirect } from '@sveltejs/kit';
import { commandAction } from '$lib/server/http/command-action';
import { activeRuleSet } from '$lib/server/participants/eligibility';
import { questionsOf } from '$lib/server/participants/rule-sets';
import { can } from '$lib/server/policy';
import { programOf } from '$lib/server/program/settings';
import { REFERRAL_PATHWAYS } from '$lib/shared/participant-values';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	const { db } = locals.services;
	const scope = { jurisdictionId: actor.jurisdictionId };
	const program = programOf(db, actor.jurisdictionId);
	const pathways = REFERRAL_PATHWAYS.filter(
		(pathway) =>
			program.settings.pathways.includes(pathway) && can(actor, 'referral.create', { ...scope, pathway })
	);
	if (!pathways.length) error(403, 'Your role does not make referrals in this program.');
	return {
		pathways,
		assessmentWindowDays: program.assessmentWindowDays,
		raceEthnicities: program.settings.raceEthnicities,
		genders: program.settings.genders,
		questions: questionsOf(activeRuleSet(db, actor.jurisdictionId).rules),
		formKey: crypto.randomUUID()
	};
};

export const actions: Actions = {
	default: async (event) => {
		const result = await commandAction(event, { name: 'referral.create' });
		if (!('ok' in result)) return result;
		redirect(303, `/participants/${result.data.participantId}`);
	}
};
