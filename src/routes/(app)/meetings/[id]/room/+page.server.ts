/** The room screen of a meeting, for anyone who may attend it (it shows only what everyone present may see). */
import { error } from '@sveltejs/kit';
import { isDomainError } from '$lib/server/errors';
import { loadMeeting } from '$lib/server/meetings';
import { authorizeMeeting } from '$lib/server/meetings/records';
import type { PageServerLoad } from './$types';
import { signedIn } from '../../form';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	try {
		const m = loadMeeting(event.locals.services.db, actor, event.params.id);
		authorizeMeeting(actor, 'meeting.view', m);
		return { meetingId: m.id, title: m.title };
	} catch (e) {
		if (isDomainError(e)) error(404, 'This meeting does not exist or you are not invited to it.');
		throw e;
	}
};
