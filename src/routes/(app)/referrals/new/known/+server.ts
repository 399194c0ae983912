/**
 * The people the program already knows who may be the person on a referral being filled in, as
 * the referral form asks while the referrer types. The name travels in the body, so it never sits
 * in an address a proxy or browser history keeps.
 */
import { error, json } from '@sveltejs/kit';
import { addressOf } from '$lib/server/audit';
import { isDomainError } from '$lib/server/errors';
import { possibleMatches } from '$lib/server/participants/matches';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
	const actor = locals.actor;
	if (!actor) error(401, 'Sign in to use the board.');
	const body: unknown = await request.json().catch(() => null);
	try {
		const found = possibleMatches(
			locals.services.db,
			actor,
			(body ?? {}) as Record<string, never>,
			addressOf(getClientAddress)
		);
		return json(found, { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (!isDomainError(e)) throw e;
		error(e.code === 'forbidden' ? 403 : 400, e.message);
	}
};
