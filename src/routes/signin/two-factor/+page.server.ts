import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { DEMO_TOTP_ACCOUNT, DEMO_TOTP_SECRET } from '$lib/server/demo/seed';
import { forwardAuthCookies, safeNext } from '$lib/server/http/cookies';
import { authErrorCode, callAuth } from '$lib/server/security/auth-request';
import { LOCKED_MESSAGE, SIGN_IN_CODES } from '$lib/server/security/sign-in-guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Six digits; spaces people copy from an app are dropped first. */
const TotpSchema = z.object({
	code: z
		.string()
		.transform((c) => c.replace(/\s+/g, ''))
		.pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'))
});
const BackupSchema = z.object({
	code: z
		.string()
		.trim()
		.regex(/^[A-Za-z0-9]{5}-[A-Za-z0-9]{5}$/, 'Enter a backup code like abcde-12345')
});

const START_AGAIN = 'This sign-in step has expired or had too many tries. Sign in again with your password.';

const MESSAGES: Record<string, string> = {
	INVALID_CODE: 'That code did not match. Codes change every 30 seconds: enter the one your app shows now.',
	INVALID_BACKUP_CODE: 'That backup code did not match an unused code.',
	INVALID_TWO_FACTOR_COOKIE: START_AGAIN,
	TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: START_AGAIN,
	ACCOUNT_TEMPORARILY_LOCKED: LOCKED_MESSAGE,
	[SIGN_IN_CODES.locked]: LOCKED_MESSAGE
};

/** The pending second step lives in better-auth's signed two-factor cookie. */
function hasPendingStep(cookies: RequestEvent['cookies']): boolean {
	return cookies.getAll().some((c) => c.name.endsWith('lead-board.two_factor'));
}

export const load: PageServerLoad = ({ locals, url, cookies }) => {
	if (locals.actor) redirect(303, safeNext(url.searchParams.get('next')));
	if (!hasPendingStep(cookies)) redirect(303, '/signin');
	return {
		demo:
			locals.services.config.mode === 'demo' ? { email: DEMO_TOTP_ACCOUNT, secret: DEMO_TOTP_SECRET } : null
	};
};

async function verify(event: RequestEvent, method: 'totp' | 'backup') {
	const { request, cookies, locals, url } = event;
	const form = Object.fromEntries(await request.formData());
	const parsed = (method === 'totp' ? TotpSchema : BackupSchema).safeParse(form);
	if (!parsed.success) {
		return fail(400, { method, message: parsed.error.issues[0]?.message ?? 'Enter a code.', restart: false });
	}
	const path = method === 'totp' ? '/two-factor/verify-totp' : '/two-factor/verify-backup-code';
	const response = await callAuth(locals.services.auth, request, path, { code: parsed.data.code });
	if (response.status === 429) {
		return fail(429, {
			method,
			message: 'Too many tries in a short time. Wait ten seconds and try again.',
			restart: false
		});
	}
	if (!response.ok) {
		forwardAuthCookies(response, cookies);
		const message = MESSAGES[(await authErrorCode(response)) ?? ''] ?? START_AGAIN;
		return fail(response.status === 403 ? 403 : 400, { method, message, restart: message === START_AGAIN });
	}
	forwardAuthCookies(response, cookies);
	redirect(303, safeNext(url.searchParams.get('next')));
}

export const actions: Actions = {
	totp: (event) => verify(event, 'totp'),
	backup: (event) => verify(event, 'backup')
};
