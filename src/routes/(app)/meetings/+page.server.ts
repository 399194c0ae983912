/** Meetings this person may attend: upcoming ones to prepare and review, and past minutes. */
import { redirect } from '@sveltejs/kit';
import { commandAction, signedIn } from '$lib/server/http/command-action';
import { listMeetingsFor, loadDirectory } from '$lib/server/meetings';
import { can } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	const { db } = event.locals.services;
	const scope = { jurisdictionId: actor.jurisdictionId };
	const list = listMeetingsFor(db, actor, { all: true }).map((m) => ({
		meetingId: m.id,
		kind: m.kind,
		title: m.title,
		startsAt: m.startsAt.toISOString(),
		location: m.location,
		status: m.status
	}));
	const mayCreate = {
		operational_workgroup: can(actor, 'meeting.create', { ...scope, kind: 'operational_workgroup' }),
		policy_group: can(actor, 'meeting.create', { ...scope, kind: 'policy_group' })
	};
	const agencies =
		mayCreate.operational_workgroup || mayCreate.policy_group
			? [...loadDirectory(db, actor.jurisdictionId).agencies.values()]
			: [];
	return {
		upcoming: list.filter((m) => m.status !== 'ended' && m.status !== 'approved'),
		past: list.filter((m) => m.status === 'ended' || m.status === 'approved').reverse(),
		mayCreate,
		agencies
	};
};

export const actions: Actions = {
	create: async (event) => {
		const result = await commandAction(event, { name: 'meeting.create' });
		if ('ok' in result) redirect(303, `/meetings/${result.data.meetingId}`);
		return result;
	}
};
