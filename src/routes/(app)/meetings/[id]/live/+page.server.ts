/** The live meeting: everyone follows the facilitator; the facilitator ends it here. */
import { redirect } from '@sveltejs/kit';
import { endMeeting, meetingView } from '$lib/server/meetings';
import type { Actions, PageServerLoad } from './$types';
import { readMeeting, runForm, signedIn } from '../../form';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	return { view: readMeeting(() => meetingView(event.locals.services.db, actor, event.params.id)) };
};

export const actions: Actions = {
	end: async (event) => {
		const result = await runForm(event, 'end', endMeeting);
		if ('ok' in result && result.ok) redirect(303, `/meetings/${event.params.id}/minutes`);
		return result;
	}
};
