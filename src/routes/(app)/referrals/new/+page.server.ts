import { error, redirect } from '@sveltejs/kit';
import { commandAction } from '$lib/server/http/command-action';
import { can } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

const PATHWAYS = ['arrest_diversion', 'social_contact', 'community'] as const;

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	const scope = { jurisdictionId: actor.jurisdictionId };
	const pathways = PATHWAYS.filter((pathway) => can(actor, 'referral.create', { ...scope, pathway }));
	if (!pathways.length) error(403, 'Your role does not make referrals.');
	return { pathways, formKey: crypto.randomUUID() };
};

export const actions: Actions = {
	default: async (event) => {
		const result = await commandAction(event, { name: 'referral.create' });
		if (!('ok' in result)) return result;
		redirect(303, `/participants/${result.data.participantId}`);
	}
};
