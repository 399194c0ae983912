/**
 * The people the program already knows who may be the person on a referral being filled in, as
 * the referral form asks while the referrer types: `?legalName=&aliases=&dateOfBirth=`.
 */
import { error, json } from '@sveltejs/kit';
import { isDomainError } from '$lib/server/errors';
import { possibleMatches } from '$lib/server/participants/matches';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) => {
	const actor = locals.actor;
	if (!actor) error(401, 'Sign in to use the board.');
	try {
		const found = possibleMatches(locals.services.db, actor, {
			legalName: url.searchParams.get('legalName') ?? '',
			aliases: url.searchParams.get('aliases') ?? '',
			dateOfBirth: url.searchParams.get('dateOfBirth') ?? ''
		});
		return json(found, { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (!isDomainError(e)) throw e;
		if (e.code === 'forbidden') error(403, e.message);
		if (e.code === 'invalid_input') error(400, e.message);
		throw e;
	}
};
