import { error, redirect } from '@sveltejs/kit';
import { addressOf } from '$lib/server/audit';
import { applyBoardMutation } from '$lib/server/board/mutate';
import { failFromDomain } from '$lib/server/http/actions';
import { zonedLocalToIso } from '$lib/shared/zoned';
import { can } from '$lib/server/policy';
import { getJurisdiction } from '$lib/server/users';
import type { Actions, PageServerLoad } from './$types';

const PATHWAYS = ['arrest_diversion', 'social_contact', 'community'] as const;

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	const scope = { jurisdictionId: actor.jurisdictionId };
	const pathways = PATHWAYS.filter((pathway) => can(actor, 'referral.create', { ...scope, pathway }));
	if (!pathways.length) error(403, 'Your role does not make referrals.');
	return { pathways, formKey: crypto.randomUUID() };
};

/** The referral form's fields as the domain's nested input: the person, the referral, the screening facts. */
function referralInput(form: FormData, timeZone: string) {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' && v.trim() ? v.trim() : undefined;
	};
	const num = (name: string) => (text(name) === undefined ? undefined : Number(text(name)));
	const flag = (name: string) => (form.get(name) === 'on' ? true : undefined);
	const occurred = text('occurredAt');
	return {
		person: {
			legalName: text('legalName'),
			aliases: (text('aliases') ?? '')
				.split(',')
				.map((a) => a.trim())
				.filter(Boolean),
			dateOfBirth: text('dateOfBirth'),
			raceEthnicity: text('raceEthnicity'),
			gender: text('gender')
		},
		pathway: text('pathway'),
		occurredAt: occurred ? (zonedLocalToIso(occurred, timeZone) ?? occurred) : undefined,
		offence: text('offence'),
		offenceCategory: text('offenceCategory'),
		neighbourhood: text('neighbourhood'),
		narrative: text('narrative'),
		facts: {
			grams: num('grams'),
			priorViolentOffenceYearsAgo: num('priorViolentOffenceYearsAgo'),
			age: num('age'),
			underStateProbation: flag('underStateProbation'),
			exploitationOfMinors: flag('exploitationOfMinors'),
			promotingProstitution: flag('promotingProstitution'),
			deliveryOrIntentToDeliver: flag('deliveryOrIntentToDeliver'),
			drivers: form.getAll('drivers').filter((d): d is string => typeof d === 'string')
		}
	};
}

export const actions: Actions = {
	default: async ({ request, locals, getClientAddress }) => {
		const actor = locals.actor!;
		const form = await request.formData();
		const timeZone = getJurisdiction(locals.services.db, actor.jurisdictionId)!.timezone;
		let participantId: string;
		try {
			const key = form.get('idempotencyKey');
			const result = applyBoardMutation(
				locals.services,
				actor,
				'referral.create',
				referralInput(form, timeZone),
				{
					idempotencyKey: typeof key === 'string' && key ? key : undefined,
					sourceAddress: addressOf(getClientAddress)
				}
			);
			participantId = result.participantId;
		} catch (e) {
			const values = Object.fromEntries(
				[...form.entries()].filter(([, v]) => typeof v === 'string')
			) as Record<string, string>;
			return failFromDomain(e, { values });
		}
		redirect(303, `/participants/${participantId}`);
	}
};
