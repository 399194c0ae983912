/** The program figures as JSON for a state or county dashboard (documented in the README). */
import { json } from '@sveltejs/kit';
import { addressOf } from '$lib/server/audit';
import { figuresApi } from '$lib/server/figures';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, request, url, getClientAddress }) => {
	const answer = figuresApi(
		locals.services.db,
		{
			actor: locals.actor,
			authorization: request.headers.get('authorization'),
			query: url.searchParams,
			sourceAddress: addressOf(getClientAddress)
		},
		new Date()
	);
	return json(answer.body, { status: answer.status, headers: { 'cache-control': 'no-store' } });
};
