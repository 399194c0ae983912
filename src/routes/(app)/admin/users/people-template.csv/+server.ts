/** The people file's header row, for an administrator to fill in (one account per row). */
import { error } from '@sveltejs/kit';
import { csvResponse } from '$lib/server/http/csv-response';
import { can } from '$lib/server/policy';
import { csvLine } from '$lib/shared/csv';
import { ACCOUNT_COLUMNS } from '$lib/shared/imports';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => {
	const actor = locals.actor;
	if (!actor || !can(actor, 'users.manage', { jurisdictionId: actor.jurisdictionId })) {
		error(403, 'Only administrators manage people and roles.');
	}
	return csvResponse('people-template.csv', csvLine(ACCOUNT_COLUMNS));
};
