import { sequence } from '@sveltejs/kit/hooks';
import { attachServices } from './hooks/attach-services';
import { authRoutes } from './hooks/auth-routes';
import { bodyEncodings } from './hooks/body-encodings';
import { requireSignIn } from './hooks/require-sign-in';
import { securityHeaders } from './hooks/security-headers';
import { session } from './hooks/session';
import { sessionGates } from './hooks/session-gates';

// The session is read before better-auth's own routes, so an idle session ends for them too.
export const handle = sequence(
	securityHeaders,
	bodyEncodings,
	attachServices,
	session,
	authRoutes,
	requireSignIn,
	sessionGates
);
