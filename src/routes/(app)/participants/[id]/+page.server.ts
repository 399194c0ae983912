import { error } from '@sveltejs/kit';
import { addressOf } from '$lib/server/audit';
import { applyBoardMutation } from '$lib/server/board/mutate';
import { openParticipant } from '$lib/server/board/read';
import { isDomainError } from '$lib/server/errors';
import { failFromDomain } from '$lib/server/http/actions';
import { consentRecipientChoices } from '$lib/server/participants/consents';
import { readBoardForm } from '$lib/server/http/board-form';
import { participantScope } from '$lib/server/participants';
import { can } from '$lib/server/policy';
import { getJurisdiction, listAssignable } from '$lib/server/users';
import type { Actions, PageServerLoad } from './$types';

const STATUS = { not_found: 404, forbidden: 403 } as const;

export const load: PageServerLoad = ({ locals, params, getClientAddress }) => {
	const actor = locals.actor!;
	const { db } = locals.services;
	try {
		const detail = openParticipant(db, actor, params.id, addressOf(getClientAddress));
		const assignable = detail.allowedActions.includes('roster.manage') ? listAssignable(db, actor) : null;
		const consentRecipients = consentRecipientChoices(db, actor, params.id);
		const resource = { jurisdictionId: actor.jurisdictionId, ...participantScope(db, params.id) };
		const canFlag = can(actor, 'meeting.flagParticipant', resource);
		return { detail, assignable, consentRecipients, canFlag, formKey: crypto.randomUUID() };
	} catch (e) {
		if (isDomainError(e) && (e.code === 'not_found' || e.code === 'forbidden')) {
			error(
				STATUS[e.code],
				e.code === 'not_found' ? 'No such participant.' : 'Your role does not see this participant.'
			);
		}
		throw e;
	}
};

export const actions: Actions = {
	/** Every participant form posts here, naming its operation. */
	change: async ({ request, locals, params, getClientAddress }) => {
		const actor = locals.actor!;
		const form = await request.formData();
		const op = String(form.get('op') ?? '');
		try {
			const timeZone = getJurisdiction(locals.services.db, actor.jurisdictionId)!.timezone;
			const { op: operation, input, idempotencyKey } = readBoardForm(form, timeZone);
			applyBoardMutation(
				locals.services,
				actor,
				operation,
				{ ...input, participantId: params.id },
				{
					idempotencyKey,
					sourceAddress: addressOf(getClientAddress)
				}
			);
			return { done: op };
		} catch (e) {
			return failFromDomain(e, { op });
		}
	}
};
