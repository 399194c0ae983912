import { error, redirect } from '@sveltejs/kit';
import { addressOf } from '$lib/server/audit';
import { openParticipant } from '$lib/server/board/read';
import { isDomainError } from '$lib/server/errors';
import { commandAction } from '$lib/server/http/command-action';
import { consentRecipientChoices } from '$lib/server/participants/consents';
import { BOARD_OPERATIONS } from '$lib/shared/board-events';
import { participantScope } from '$lib/server/participants';
import { loadParticipant } from '$lib/server/participants/changes';
import { otherRecordsOf } from '$lib/server/participants/matches';
import { mergedInto } from '$lib/server/participants/merge';
import { can } from '$lib/server/policy';
import { listAssignable } from '$lib/server/users';
import type { Actions, PageServerLoad } from './$types';

const STATUS = { not_found: 404, forbidden: 403 } as const;

export const load: PageServerLoad = ({ locals, params, getClientAddress }) => {
	const actor = locals.actor!;
	const { db } = locals.services;
	try {
		// A record joined into another is read where it now lives.
		const joined = mergedInto(db, actor.jurisdictionId, params.id);
		if (joined) redirect(303, `/participants/${joined}`);
		const detail = openParticipant(db, actor, params.id, addressOf(getClientAddress));
		const assignable = detail.allowedActions.includes('roster.manage') ? listAssignable(db, actor) : null;
		const consentRecipients = consentRecipientChoices(db, actor, params.id);
		const resource = { jurisdictionId: actor.jurisdictionId, ...participantScope(db, params.id) };
		const canFlag = can(actor, 'meeting.flagParticipant', resource);
		const otherRecords = can(actor, 'participant.merge', resource)
			? otherRecordsOf(db, actor, loadParticipant(db, actor, params.id))
			: null;
		return { detail, assignable, consentRecipients, canFlag, otherRecords, formKey: crypto.randomUUID() };
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
	/** Every participant form posts here, naming its change. */
	change: (event) =>
		commandAction(event, { allowed: BOARD_OPERATIONS, extra: { participantId: event.params.id } }),
	/** The facilitator joins a second record of the same person into this one. */
	merge: (event) =>
		commandAction(event, { name: 'participant.merge', extra: { participantId: event.params.id } })
};
