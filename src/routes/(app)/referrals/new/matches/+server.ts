/**
 * The referral form's look-up of a returning person: people already on the board who may be the
 * one being referred, as this person may see them (the policy decides; see `findMatches`).
 */
import { error, json } from '@sveltejs/kit';
import { addressOf } from '$lib/server/audit';
import { isDomainError } from '$lib/server/errors';
import { findMatches } from '$lib/server/participants/matches';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, locals, getClientAddress }) => {
	const actor = locals.actor;
	if (!actor) error(401, 'Sign in to use the board.');
	const body = (await request.json().catch(() => ({}))) as { name?: unknown; dateOfBirth?: unknown };
	const dateOfBirth = typeof body.dateOfBirth === 'string' && body.dateOfBirth ? body.dateOfBirth : undefined;
	try {
		const found = findMatches(
			locals.services.db,
			actor,
			{ name: typeof body.name === 'string' ? body.name : '', ...(dateOfBirth ? { dateOfBirth } : {}) },
			addressOf(getClientAddress)
		);
		return json(found);
	} catch (e) {
		if (!isDomainError(e)) throw e;
		error(e.code === 'forbidden' ? 403 : 400, e.message);
	}
};
