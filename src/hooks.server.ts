import { sequence } from '@sveltejs/kit/hooks';
import { attachServices } from './hooks/attach-services';
import { authRoutes } from './hooks/auth-routes';
import { requireSignIn } from './hooks/require-sign-in';
import { securityHeaders } from './hooks/security-headers';
import { session } from './hooks/session';

export const handle = sequence(securityHeaders, attachServices, authRoutes, session, requireSignIn);
