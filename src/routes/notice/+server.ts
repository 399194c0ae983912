/**
 * The script's way to acknowledge the system-use notice: `POST /notice` with the session cookie
 * (a browser's form post with `Accept: text/html` goes to the page's action instead).
 */
import { error, json } from '@sveltejs/kit';
import { isAllowedOrigin } from '$lib/server/config';
import { acknowledgeNotice } from '$lib/server/security/notice';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, request }) => {
	const { services, sessionId } = locals;
	// A cookie-carrying request from another site's page must not acknowledge on someone's behalf.
	if (!isAllowedOrigin(services.config, request.headers.get('origin') ?? undefined)) {
		error(403, 'This address is not allowed to use the board.');
	}
	if (!sessionId || !acknowledgeNotice(services.db, sessionId, new Date())) {
		error(401, 'Sign in first; the notice is acknowledged for one session.');
	}
	return json({ acknowledged: true });
};
