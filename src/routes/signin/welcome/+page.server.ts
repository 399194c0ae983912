/**
 * The page a one-time sign-in link opens: its holder chooses a password. The link's secret comes
 * in the form (the browser reads it from after `#`), never in the address the server sees.
 */
import { fail } from '@sveltejs/kit';
import { commandAction } from '$lib/server/http/command-action';
import { invitationFor } from '$lib/server/invitations';
import { loadActor } from '$lib/server/users';
import type { Actions } from './$types';

const LINK_USED = 'This sign-in link has expired or has been used. Ask your administrator for a new one.';

const tokenOf = (form: FormData) => String(form.get('token') ?? '');

export const actions: Actions = {
	/** Whose link this is, so its holder knows it is theirs before choosing a password. */
	lookup: async ({ request, locals }) => {
		const holder = invitationFor(locals.services.db, tokenOf(await request.formData()));
		return holder
			? { holder: { name: holder.name, email: holder.email } }
			: fail(404, { message: LINK_USED });
	},
	choose: async (event) => {
		const form = await event.request.clone().formData();
		if (form.get('password') !== form.get('_passwordAgain')) {
			return fail(400, {
				message: 'The two passwords are not the same.',
				fields: { password: 'Type the same password twice.' }
			});
		}
		const { db } = event.locals.services;
		const holder = invitationFor(db, tokenOf(form));
		const actor = holder ? loadActor(db, holder.userId) : null;
		if (!actor) return fail(404, { message: LINK_USED });
		return commandAction(
			{ ...event, locals: { ...event.locals, actor } },
			{ name: 'account.acceptInvitation' }
		);
	}
};
