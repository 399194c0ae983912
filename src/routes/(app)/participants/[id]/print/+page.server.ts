/**
 * A participant's record as a printed summary (for court, for a meeting): what the person printing
 * may see, recorded in the audit trail as printed, and marked for 42 CFR Part 2 where the policy
 * says the paper carries such information.
 */
import { error } from '@sveltejs/kit';
import { addressOf } from '$lib/server/audit';
import { openParticipant } from '$lib/server/board/read';
import { isDomainError } from '$lib/server/errors';
import { signedIn } from '$lib/server/http/command-action';
import { INFORMATION_CATEGORIES, part2NoticeOnPaper } from '$lib/server/policy';
import { printedBy } from '$lib/server/paper';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	const { db } = event.locals.services;
	try {
		const detail = openParticipant(
			db,
			actor,
			event.params.id,
			addressOf(event.getClientAddress),
			'participant.printed'
		);
		const visible = new Set(INFORMATION_CATEGORIES.filter((c) => !detail.redacted.includes(c)));
		return { detail, part2: part2NoticeOnPaper(visible), paper: printedBy(db, actor) };
	} catch (e) {
		if (isDomainError(e) && (e.code === 'not_found' || e.code === 'forbidden')) {
			error(e.code === 'not_found' ? 404 : 403, 'This participant is not shared with you.');
		}
		throw e;
	}
};
