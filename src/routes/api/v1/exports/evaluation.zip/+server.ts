/**
 * `GET /api/v1/exports/evaluation.zip?study=<id>`: a study's de-identified export for an evaluator
 * (signed-in session). The evaluation module checks the policy, builds the files and records the
 * download; this adapter only maps its answers to HTTP.
 */
import { json } from '@sveltejs/kit';
import { addressOf } from '$lib/server/audit';
import { isDomainError } from '$lib/server/errors';
import { downloadEvaluationExport } from '$lib/server/evaluation';
import type { RequestHandler } from './$types';

const STATUS: Record<string, number> = { forbidden: 403, invalid_input: 400, not_found: 404 };

export const GET: RequestHandler = ({ locals, url, getClientAddress }) => {
	const actor = locals.actor;
	if (!actor) return json({ code: 'unauthorized', message: 'Sign in to use the board.' }, { status: 401 });
	try {
		const out = downloadEvaluationExport(locals.services.db, {
			actor,
			studyId: url.searchParams.get('study') ?? '',
			sourceAddress: addressOf(getClientAddress)
		});
		return new Response(out.zip, {
			headers: {
				'content-type': 'application/zip',
				'content-disposition': `attachment; filename="${out.filename}"`,
				'cache-control': 'no-store',
				'x-content-type-options': 'nosniff'
			}
		});
	} catch (e) {
		if (!isDomainError(e) || !STATUS[e.code]) throw e;
		return json({ code: e.code, message: e.message }, { status: STATUS[e.code] });
	}
};
