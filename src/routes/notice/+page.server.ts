import { error, redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/server/http/cookies';
import { acknowledgeNotice, SYSTEM_USE_NOTICE } from '$lib/server/security/notice';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.sessionPending !== 'notice') redirect(303, safeNext(url.searchParams.get('next')));
	return { notice: SYSTEM_USE_NOTICE };
};

export const actions: Actions = {
	/** The notice page's one button (scripts use the JSON endpoint in +server.ts). */
	default: ({ locals, url }) => {
		if (!locals.sessionId) redirect(303, '/signin');
		if (!acknowledgeNotice(locals.services.db, locals.sessionId, new Date())) {
			error(401, 'Your session has ended; sign in again.');
		}
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
