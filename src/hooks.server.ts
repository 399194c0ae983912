import type { HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { log } from '$lib/server/log';
import { attachServices } from './hooks/attach-services';
import { authRoutes } from './hooks/auth-routes';
import { bodyEncodings } from './hooks/body-encodings';
import { loadShedding } from './hooks/load-shedding';
import { requireSignIn } from './hooks/require-sign-in';
import { securityHeaders } from './hooks/security-headers';
import { session } from './hooks/session';
import { sessionGates } from './hooks/session-gates';

// The session is read before better-auth's own routes, so an idle session ends for them too.
export const handle = sequence(
	securityHeaders,
	bodyEncodings,
	attachServices,
	loadShedding,
	session,
	authRoutes,
	requireSignIn,
	sessionGates
);

/** An unexpected error (5xx) is one JSON line (its kind and where, never its content) and a plain 500. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status < 500) return { message: status === 404 ? 'Not Found' : 'That request cannot be answered.' };
	log('error', 'http.error', {
		status,
		route: event.route.id ?? 'none',
		method: event.request.method,
		error: error instanceof Error ? error.name : typeof error
	});
	return { message: 'Something went wrong; nothing was changed.' };
};
