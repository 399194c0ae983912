/** The roster file's header row, for a program moving from its spreadsheet (one participant per row). */
import { error } from '@sveltejs/kit';
import { csvResponse } from '$lib/server/http/csv-response';
import { can } from '$lib/server/policy';
import { csvLine } from '$lib/shared/csv';
import { ROSTER_COLUMNS } from '$lib/shared/imports';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => {
	const actor = locals.actor;
	if (!actor || !can(actor, 'roster.import', { jurisdictionId: actor.jurisdictionId })) {
		error(403, 'Your role does not import the roster.');
	}
	return csvResponse('roster-template.csv', csvLine(ROSTER_COLUMNS));
};
