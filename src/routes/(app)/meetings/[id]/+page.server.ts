/** One meeting before it happens: details and invitations, the agenda (built, ordered, published), comments. */
import { redirect } from '@sveltejs/kit';
import {
	addAgendaItem,
	addComment,
	buildAgendaFromRoster,
	meetingView,
	moveAgendaItem,
	publishAgenda,
	removeAgendaItem,
	reorderAgenda,
	startMeeting,
	updateAgendaItem,
	updateMeeting
} from '$lib/server/meetings';
import { rosterView } from '$lib/server/participants';
import { can } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';
import { formInput, isoToZoned, readMeeting, runForm, signedIn, zonedToIso } from '../form';

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

export const actions: Actions = {
	details: async (event) => {
		const form = await event.request.formData();
		const input = formInput(form, ['location', 'callLink']);
		if (!form.has('invitedAgencyIds')) input.invitedAgencyIds = [];
		const timeZone = meetingView(event.locals.services.db, signedIn(event), event.params.id).timeZone;
		input.startsAt = zonedToIso(input.startsAt, timeZone);
		return runForm(event, 'details', updateMeeting, { ...input, meetingId: event.params.id });
	},
	build: (event) => runForm(event, 'build', buildAgendaFromRoster),
	add: (event) => runForm(event, 'add', addAgendaItem),
	edit: (event) => runForm(event, 'edit', updateAgendaItem),
	remove: (event) => runForm(event, 'remove', removeAgendaItem),
	reorder: (event) => runForm(event, 'reorder', reorderAgenda),
	move: (event) => runForm(event, 'move', moveAgendaItem),
	publish: (event) => runForm(event, 'publish', publishAgenda),
	comment: (event) => runForm(event, 'comment', addComment),
	start: async (event) => {
		const result = await runForm(event, 'start', startMeeting);
		if ('ok' in result && result.ok) redirect(303, `/meetings/${event.params.id}/live`);
		return result;
	}
};
