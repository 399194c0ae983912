import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '$lib/server/demo/seed';
import { forwardAuthCookies, safeNext } from '$lib/server/http/cookies';
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

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor) redirect(303, safeNext(url.searchParams.get('next')));
	const demo = locals.services.config.mode === 'demo';
	return {
		demo: demo
			? {
					password: DEMO_PASSWORD,
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
		const response = await locals.services.auth.api.signInEmail({
			body: { email: parsed.data.email, password: parsed.data.password },
			headers: request.headers,
			asResponse: true
		});
		if (response.status === 429) {
			return failure(429, {
				email,
				fields: {},
				message: 'Too many sign-in attempts. Wait a minute and try again.'
			});
		}
		if (!response.ok) {
			return failure(400, { email, fields: {}, message: 'That email and password do not match an account.' });
		}
		forwardAuthCookies(response, cookies);
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
