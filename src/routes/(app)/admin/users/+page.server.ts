import { error } from '@sveltejs/kit';
import { failFromDomain } from '$lib/server/http/actions';
import { can } from '$lib/server/policy';
import { resetTwoFactor, setAccountDisabled, unlockAccount } from '$lib/server/security/account-status';
import { changeRole, createUser, listAgencies, listUsers } from '$lib/server/users';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type AccountSwitch = 'disable' | 'enable' | 'unlock' | 'reset-two-factor';

/** Disable, enable, unlock or reset two-step sign-in; the result names the account for the confirmation. */
async function switchAccount({ request, locals, getClientAddress }: RequestEvent, change: AccountSwitch) {
	const actor = locals.actor!;
	const input = Object.fromEntries(await request.formData());
	const meta = { sourceAddress: getClientAddress() };
	try {
		const { services } = locals;
		const { userId } =
			change === 'unlock'
				? unlockAccount(services, actor, input, meta)
				: change === 'reset-two-factor'
					? resetTwoFactor(services, actor, input, meta)
					: setAccountDisabled(services, actor, input, change === 'disable', meta);
		return { switched: { userId, change } };
	} catch (e) {
		return failFromDomain(e, { form: 'account', userId: input.userId });
	}
}

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
	create: async ({ request, locals }) => {
		const actor = locals.actor!;
		const input = Object.fromEntries(await request.formData());
		try {
			const created = await createUser(locals.services, actor, actor.jurisdictionId, input);
			return { created: { name: created.name, email: created.email } };
		} catch (e) {
			const { password: _password, ...kept } = input;
			return failFromDomain(e, { form: 'create', values: kept });
		}
	},
	disable: (event) => switchAccount(event, 'disable'),
	enable: (event) => switchAccount(event, 'enable'),
	unlock: (event) => switchAccount(event, 'unlock'),
	resetTwoFactor: (event) => switchAccount(event, 'reset-two-factor'),
	role: async ({ request, locals }) => {
		const actor = locals.actor!;
		const input = Object.fromEntries(await request.formData());
		try {
			const changed = changeRole(locals.services, actor, input);
			return { changed: changed.userId };
		} catch (e) {
			return failFromDomain(e, { form: 'role', userId: input.userId });
		}
	}
};
