/** The room screen of a meeting, for anyone who may attend it (it shows only what everyone present may see). */
import { loadMeeting } from '$lib/server/meetings';
import { authorizeMeeting } from '$lib/server/meetings/records';
import type { PageServerLoad } from './$types';
import { readMeeting, signedIn } from '../../form';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	return readMeeting(() => {
		const m = loadMeeting(event.locals.services.db, actor, event.params.id);
		authorizeMeeting(actor, 'meeting.view', m);
		return { meetingId: m.id, title: m.title };
	});
};
