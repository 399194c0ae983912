/**
 * A signed-in session that still has a step to take (set up two-step sign-in, acknowledge the
 * system-use notice) sees only that step's page until it is done; signing out stays open.
 */
import { redirect, type Handle } from '@sveltejs/kit';
import type { SessionPending } from '$lib/server/session-auth';

const STEP_PAGE: Record<SessionPending, string> = {
	two_factor_setup: '/signin/setup',
	notice: '/notice'
};
const ALWAYS_OPEN = ['/signin', '/signout', '/api/auth/', '/health', '/ready', '/metrics', '/offline'];

export const sessionGates: Handle = ({ event, resolve }) => {
	const pending = event.locals.sessionPending;
	const path = event.url.pathname;
	if (!event.locals.actor || !pending || ALWAYS_OPEN.some((p) => path === p || path.startsWith(p))) {
		return resolve(event);
	}
	const step = STEP_PAGE[pending];
	if (path === step) return resolve(event);
	const next = path === '/' ? '' : `?next=${encodeURIComponent(path + event.url.search)}`;
	redirect(303, `${step}${next}`);
};
