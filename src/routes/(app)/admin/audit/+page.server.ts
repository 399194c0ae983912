/** The audit trail screen: a thin adapter around the audit module (which checks and records). */
import { error } from '@sveltejs/kit';
import {
	AUDIT_ACTION_LABELS,
	AUDIT_ACTIONS,
	AUDIT_OUTCOMES,
	addressOf,
	auditUserChoices,
	viewAuditTrail
} from '$lib/server/audit';
import { isDomainError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

const choices = {
	actions: AUDIT_ACTIONS.map((value) => ({ value, label: AUDIT_ACTION_LABELS[value] })),
	outcomes: [...AUDIT_OUTCOMES]
};

/** The stored detail as key/value pairs for display; a damaged value is shown as stored. */
function detailPairs(detail: string): [string, string][] {
	try {
		const parsed: unknown = JSON.parse(detail);
		if (parsed && typeof parsed === 'object') return Object.entries(parsed).map(([k, v]) => [k, String(v)]);
	} catch {
		// fall through: show the text itself
	}
	return [['detail', detail]];
}

export const load: PageServerLoad = ({ locals, url, getClientAddress }) => {
	const actor = locals.actor!;
	const { db } = locals.services;
	const raw = Object.fromEntries(url.searchParams);
	try {
		const view = viewAuditTrail(db, {
			actor,
			params: url.searchParams,
			sourceAddress: addressOf(getClientAddress)
		});
		const rows = view.rows.map((r) => ({
			id: r.id,
			at: new Date(r.at).toISOString(),
			actorUserId: r.actorUserId,
			actorName: r.actorName,
			actorRole: r.actorRole,
			sourceAddress: r.sourceAddress,
			action: r.action,
			objectType: r.objectType,
			objectId: r.objectId,
			outcome: r.outcome,
			detail: detailPairs(r.detail)
		}));
		return {
			...choices,
			rows,
			total: view.total,
			pageSize: view.pageSize,
			filters: view.filters,
			users: view.users,
			invalid: null,
			raw
		};
	} catch (e) {
		if (!isDomainError(e)) throw e;
		if (e.code === 'forbidden') error(403, e.message);
		if (e.code !== 'invalid_input') throw e;
		// Nothing is shown for invalid filters, so there is no view to record.
		return {
			...choices,
			rows: [],
			total: 0,
			pageSize: 0,
			filters: null,
			users: auditUserChoices(db, actor.jurisdictionId),
			invalid: { message: e.message, fields: e.fields ?? {} },
			raw
		};
	}
};
