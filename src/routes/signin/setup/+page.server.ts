import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { forwardAuthCookies, safeNext } from '$lib/server/http/cookies';
import { authErrorCode, callAuth } from '$lib/server/security/auth-request';
import { pendingEnrolment } from '$lib/server/security/two-factor';
import type { Actions, PageServerLoad } from './$types';

const PasswordSchema = z.object({ password: z.string().min(1, 'Enter your password').max(128) });
const CodeSchema = z.object({
	code: z
		.string()
		.transform((c) => c.replace(/\s+/g, ''))
		.pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'))
});

const MESSAGES: Record<string, string> = {
	INVALID_PASSWORD: 'That password is not right.',
	INVALID_CODE: 'That code did not match. Codes change every 30 seconds: enter the one your app shows now.',
	TOTP_NOT_ENABLED: 'Start again: confirm your password to get a new key.'
};
const TOO_FAST = 'Too many tries in a short time. Wait ten seconds and try again.';

export const load: PageServerLoad = async ({ locals, url, request }) => {
	if (!locals.actor) redirect(303, '/signin');
	if (locals.sessionPending !== 'two_factor_setup') redirect(303, safeNext(url.searchParams.get('next')));
	return {
		name: locals.actor.name,
		enrolment: await pendingEnrolment(locals.services, locals.actor.userId, request.headers)
	};
};

export const actions: Actions = {
	/** Confirms the password and has better-auth create the (unconfirmed) authenticator key. */
	start: async ({ request, locals }) => {
		if (!locals.actor) redirect(303, '/signin');
		const parsed = PasswordSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { step: 'start', message: parsed.error.issues[0]!.message });
		const response = await callAuth(locals.services.auth, request, '/two-factor/enable', parsed.data);
		if (response.status === 429) return fail(429, { step: 'start', message: TOO_FAST });
		if (!response.ok) {
			const message = MESSAGES[(await authErrorCode(response)) ?? ''] ?? 'That did not work; try again.';
			return fail(400, { step: 'start', message });
		}
		return { step: 'start', started: true };
	},
	/** The first code from the app confirms the key; better-auth then issues a fresh session. */
	verify: async ({ request, locals, cookies, url }) => {
		if (!locals.actor) redirect(303, '/signin');
		const parsed = CodeSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { step: 'verify', message: parsed.error.issues[0]!.message });
		const response = await callAuth(locals.services.auth, request, '/two-factor/verify-totp', parsed.data);
		if (response.status === 429) return fail(429, { step: 'verify', message: TOO_FAST });
		if (!response.ok) {
			const message = MESSAGES[(await authErrorCode(response)) ?? ''] ?? 'That did not work; try again.';
			return fail(400, { step: 'verify', message });
		}
		forwardAuthCookies(response, cookies);
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
