/**
 * For a load balancer: 200 while the board takes new work (its database answers and it is not
 * stopping), 503 otherwise. `/health` only says the process is up.
 */
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => {
	const { db, lifecycle } = locals.services;
	if (lifecycle.stopping) return json({ ready: false, reason: 'stopping' }, { status: 503 });
	try {
		db.$client.prepare('select 1').get();
	} catch {
		return json({ ready: false, reason: 'database' }, { status: 503 });
	}
	return json({ ready: true });
};
