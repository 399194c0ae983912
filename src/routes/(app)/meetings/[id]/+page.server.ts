/** One meeting before it happens: details and invitations, the agenda (built, ordered, published), comments. */
import { redirect } from '@sveltejs/kit';
import type { CommandName } from '$lib/server/commands';
import { commandAction, signedIn } from '$lib/server/http/command-action';
import { meetingView } from '$lib/server/meetings';
import { rosterView } from '$lib/server/participants';
import { can } from '$lib/server/policy';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { isoToZoned, readMeeting } from '../form';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	const { db } = event.locals.services;
	const view = readMeeting(() => meetingView(db, actor, event.params.id));
	// The facilitator adds a participant by picking from the roster as they may see it.
	const roster =
		view.allowed['meeting.manage'] && can(actor, 'roster.view', { jurisdictionId: actor.jurisdictionId })
			? rosterView(db, actor).cards.map((c) => ({
					participantId: c.participantId,
					code: c.code,
					name: c.name
				}))
			: [];
	return { view, roster, startsAtLocal: isoToZoned(view.meeting.startsAt, view.timeZone) };
};

/** Each form of the page runs one command on this meeting. */
const onThisMeeting = (name: CommandName, defaults?: Record<string, unknown>) => (event: RequestEvent) =>
	commandAction(event, { name, defaults, extra: { meetingId: event.params.id } });

export const actions: Actions = {
	details: onThisMeeting('meeting.update', { invitedAgencyIds: [] }),
	build: onThisMeeting('agenda.build'),
	add: onThisMeeting('agenda.add'),
	edit: onThisMeeting('agenda.edit'),
	remove: onThisMeeting('agenda.remove'),
	reorder: onThisMeeting('agenda.reorder'),
	move: onThisMeeting('agenda.move'),
	publish: onThisMeeting('agenda.publish'),
	comment: onThisMeeting('agenda.comment'),
	start: async (event) => {
		const result = await onThisMeeting('meeting.start')(event);
		if ('ok' in result) redirect(303, `/meetings/${event.params.id}/live`);
		return result;
	}
};
