/** The live meeting: everyone follows the facilitator; the facilitator ends it here. */
import { redirect } from '@sveltejs/kit';
import { commandAction, signedIn } from '$lib/server/http/command-action';
import { meetingView } from '$lib/server/meetings';
import type { Actions, PageServerLoad } from './$types';
import { readMeeting } from '../../form';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	return { view: readMeeting(() => meetingView(event.locals.services.db, actor, event.params.id)) };
};

export const actions: Actions = {
	end: async (event) => {
		const result = await commandAction(event, { name: 'meeting.end', extra: { meetingId: event.params.id } });
		if ('ok' in result) redirect(303, `/meetings/${event.params.id}/minutes`);
		return result;
	}
};
