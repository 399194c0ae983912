/** The live meeting: everyone follows the facilitator; the facilitator ends it here. */
import { error, redirect } from '@sveltejs/kit';
import { isDomainError } from '$lib/server/errors';
import { endMeeting, meetingView } from '$lib/server/meetings';
import type { Actions, PageServerLoad } from './$types';
import { runForm, signedIn } from '../../form';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	try {
		return { view: meetingView(event.locals.services.db, actor, event.params.id) };
	} catch (e) {
		if (isDomainError(e)) error(404, 'This meeting does not exist or you are not invited to it.');
		throw e;
	}
};

export const actions: Actions = {
	end: async (event) => {
		const result = await runForm(event, 'end', endMeeting);
		if ('ok' in result && result.ok) redirect(303, `/meetings/${event.params.id}/minutes`);
		return result;
	}
};
