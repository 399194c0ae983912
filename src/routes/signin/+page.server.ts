import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_ACCOUNT, DEMO_TOTP_SECRET } from '$lib/server/demo/seed';
import { forwardAuthCookies, safeNext } from '$lib/server/http/cookies';
import { authErrorCode, callAuth } from '$lib/server/security/auth-request';
import { DISABLED_MESSAGE, LOCKED_MESSAGE, SIGN_IN_CODES } from '$lib/server/security/sign-in-guards';
import { ROLE_LABELS } from '$lib/shared/roles';
import type { Actions, PageServerLoad } from './$types';

const SignInSchema = z.object({
	email: z.email('Enter your email address').max(200),
	password: z.string().min(1, 'Enter your password').max(128)
});

interface SignInFailure {
	email: string;
	fields: Record<string, string>;
	message: string;
}
const failure = (status: number, data: SignInFailure) => fail(status, data);

const REFUSALS: Record<string, string> = {
	[SIGN_IN_CODES.locked]: LOCKED_MESSAGE,
	[SIGN_IN_CODES.disabled]: DISABLED_MESSAGE
};

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor) redirect(303, safeNext(url.searchParams.get('next')));
	const demo = locals.services.config.mode === 'demo';
	return {
		demo: demo
			? {
					password: DEMO_PASSWORD,
					totp: { email: DEMO_TOTP_ACCOUNT, secret: DEMO_TOTP_SECRET },
					accounts: DEMO_ACCOUNTS.map((a) => ({ email: a.email, name: a.name, role: ROLE_LABELS[a.role] }))
				}
			: null
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, locals, url }) => {
		const form = Object.fromEntries(await request.formData());
		const email = typeof form.email === 'string' ? form.email : '';
		const parsed = SignInSchema.safeParse(form);
		if (!parsed.success) {
			const fields: Record<string, string> = Object.fromEntries(
				parsed.error.issues.map((i) => [String(i.path[0]), i.message])
			);
			return failure(400, { email, fields, message: 'Some fields need attention.' });
		}
		const response = await callAuth(locals.services.auth, request, '/sign-in/email', parsed.data);
		if (response.status === 429) {
			return failure(429, {
				email,
				fields: {},
				message: 'Too many sign-in attempts from this computer. Wait a minute and try again.'
			});
		}
		if (!response.ok) {
			const refusal = REFUSALS[(await authErrorCode(response)) ?? ''];
			const message = refusal ?? 'That email and password do not match an account.';
			return failure(response.status === 403 ? 403 : 400, { email, fields: {}, message });
		}
		forwardAuthCookies(response, cookies);
		const body = (await response.json()) as { twoFactorRedirect?: boolean };
		const next = url.searchParams.get('next');
		const query = next ? `?next=${encodeURIComponent(safeNext(next))}` : '';
		// An account with an authenticator app has no session yet: the code comes first.
		if (body.twoFactorRedirect) redirect(303, `/signin/two-factor${query}`);
		redirect(303, safeNext(next));
	}
};
