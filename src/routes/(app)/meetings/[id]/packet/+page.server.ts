/** A PCG meeting's packet: the agenda and the figures frozen on it, for paper. */
import { signedIn } from '$lib/server/http/command-action';
import { meetingView } from '$lib/server/meetings';
import { printedBy } from '$lib/server/paper';
import type { PageServerLoad } from './$types';
import { readMeeting } from '../../form';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	const { db } = event.locals.services;
	const view = readMeeting(() => meetingView(db, actor, event.params.id));
	return { view, paper: printedBy(db, actor) };
};
