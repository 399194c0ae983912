/** The room screen of a meeting, for anyone who may attend it (it shows only what everyone present may see). */
import { signedIn } from '$lib/server/http/command-action';
import { loadMeeting, openRoomScreen } from '$lib/server/meetings';
import type { PageServerLoad } from './$types';
import { readMeeting } from '../../form';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	const { db } = event.locals.services;
	return readMeeting(() => {
		openRoomScreen(db, actor, event.params.id);
		const m = loadMeeting(db, actor, event.params.id);
		return { meetingId: m.id, title: m.title };
	});
};
