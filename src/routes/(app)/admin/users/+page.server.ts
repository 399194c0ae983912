import { error } from '@sveltejs/kit';
import { commandAction } from '$lib/server/http/command-action';
import { can } from '$lib/server/policy';
import { listAgencies, listUsers } from '$lib/server/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	if (!can(actor, 'users.manage', { jurisdictionId: actor.jurisdictionId })) {
		error(403, 'Only administrators manage people and roles.');
	}
	const { db } = locals.services;
	return {
		users: listUsers(db, actor),
		agencies: listAgencies(db, actor.jurisdictionId).map((a) => ({ id: a.id, name: a.name, kind: a.kind }))
	};
};

export const actions: Actions = {
	create: (event) => commandAction(event, { name: 'account.create' }),
	disable: (event) => commandAction(event, { name: 'account.disable' }),
	enable: (event) => commandAction(event, { name: 'account.enable' }),
	unlock: (event) => commandAction(event, { name: 'account.unlock' }),
	resetTwoFactor: (event) => commandAction(event, { name: 'account.resetTwoFactor' }),
	role: (event) => commandAction(event, { name: 'account.role' }),
	checkPeople: (event) =>
		commandAction(event, { name: 'accounts.import', files: ['file'], extra: { dryRun: true } }),
	importPeople: (event) =>
		commandAction(event, { name: 'accounts.import', files: ['file'], extra: { dryRun: false } }),
	invite: (event) => commandAction(event, { name: 'account.invite' })
};
