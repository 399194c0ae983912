/** Serves better-auth's HTTP API under /api/auth (sign-in for scripts, sign-out, session). */
import type { Handle } from '@sveltejs/kit';
import { building } from '$app/environment';
import { svelteKitHandler } from 'better-auth/svelte-kit';

export const authRoutes: Handle = ({ event, resolve }) =>
	svelteKitHandler({ auth: event.locals.services.auth, event, resolve, building });
