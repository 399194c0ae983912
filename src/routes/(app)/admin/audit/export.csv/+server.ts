/** The audit trail as CSV, with the screen's filters; the export itself is recorded. */
import { error } from '@sveltejs/kit';
import { addressOf, exportAuditTrail } from '$lib/server/audit';
import { isDomainError } from '$lib/server/errors';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url, getClientAddress }) => {
	const actor = locals.actor;
	if (!actor) error(401, 'Sign in to use the board.');
	try {
		const out = exportAuditTrail(locals.services.db, {
			actor,
			params: url.searchParams,
			sourceAddress: addressOf(getClientAddress)
		});
		return new Response(out.csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${out.filename}"`,
				'cache-control': 'no-store',
				'x-content-type-options': 'nosniff'
			}
		});
	} catch (e) {
		if (!isDomainError(e)) throw e;
		if (e.code === 'forbidden') error(403, e.message);
		if (e.code === 'invalid_input') error(400, e.message);
		throw e;
	}
};
