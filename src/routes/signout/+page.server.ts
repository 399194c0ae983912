import { redirect } from '@sveltejs/kit';
import { forwardAuthCookies } from '$lib/server/http/cookies';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		if (locals.actor) {
			const response = await locals.services.auth.api.signOut({ headers: request.headers, asResponse: true });
			forwardAuthCookies(response, cookies);
		}
		redirect(303, '/signin');
	}
};
