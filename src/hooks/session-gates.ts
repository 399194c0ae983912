/**
 * A signed-in session that still has a step to take (set up two-step sign-in, acknowledge the
 * system-use notice) sees only that step's page until it is done; signing out stays open. The
 * board's API answers such a session with 403 and what to do, never with the step's page: a
 * script that followed the redirect would only be told that its method is not allowed there.
 */
import { json, redirect, type Handle } from '@sveltejs/kit';
import type { SessionPending } from '$lib/server/session-auth';
import { ERROR_CODES } from '$lib/shared/errors';

const STEP_PAGE: Record<SessionPending, string> = {
	two_factor_setup: '/signin/setup',
	notice: '/notice'
};
const STEP_FOR_API: Record<SessionPending, string> = {
	two_factor_setup:
		'Set up two-step sign-in on the board (/signin/setup) before using the API with this session.',
	notice:
		'Acknowledge the system-use notice on the board (or POST /notice with this session) before using the API.'
};
const ALWAYS_OPEN = ['/signin', '/signout', '/api/auth/', '/health', '/ready', '/metrics', '/offline'];
const API = '/api/';

export const sessionGates: Handle = ({ event, resolve }) => {
	const pending = event.locals.sessionPending;
	const path = event.url.pathname;
	if (!event.locals.actor || !pending || ALWAYS_OPEN.some((p) => path === p || path.startsWith(p))) {
		return resolve(event);
	}
	if (path.startsWith(API)) {
		return json({ code: ERROR_CODES.FORBIDDEN, message: STEP_FOR_API[pending] }, { status: 403 });
	}
	const step = STEP_PAGE[pending];
	if (path === step) return resolve(event);
	const next = path === '/' ? '' : `?next=${encodeURIComponent(path + event.url.search)}`;
	redirect(303, `${step}${next}`);
};
