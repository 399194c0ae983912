/**
 * What the audit screens do, free of SvelteKit: check the policy, read the trail, and record the
 * reading itself. A refused attempt is recorded as denied; if the record of a view or export
 * cannot be stored, nothing is shown (fail closed).
 */
import type { Db } from '../db';
import { forbidden } from '../errors';
import { can, type Actor } from '../policy';
import { actorFields, type AuditAction } from './actions';
import { AUDIT_CSV_HEADER, auditCsvLine, csvLine } from './csv';
import { filterDetail, parseAuditFilters, type AuditFilters } from './filters';
import { auditUserChoices, eachAuditEntry, listAuditEntries } from './query';
import { recordAudit } from './record';
import { inWrite } from '../db/write';

export interface AuditRequest {
	actor: Actor;
	params: URLSearchParams;
	sourceAddress: string | null;
	now?: Date;
}

/** Refuses (and records the refusal) unless the policy allows this actor the action. */
function admit(db: Db, req: AuditRequest, policyAction: 'audit.view' | 'audit.export', action: AuditAction) {
	if (can(req.actor, policyAction, { jurisdictionId: req.actor.jurisdictionId })) return;
	recordAudit(db, entry(req, action, 'denied', {}), req.now);
	throw forbidden('Only administrators and facilitators may read the audit trail.');
}

function entry(
	req: AuditRequest,
	action: AuditAction,
	outcome: 'success' | 'denied',
	detail: Record<string, string | number | null>
) {
	return {
		...actorFields(req.actor),
		sourceAddress: req.sourceAddress,
		action,
		objectType: 'audit_trail',
		objectId: null,
		outcome,
		detail
	};
}

/** One page of the trail for the screen, recorded as 'audit.viewed'. */
export function viewAuditTrail(db: Db, req: AuditRequest) {
	admit(db, req, 'audit.view', 'audit.viewed');
	const filters = parseAuditFilters(req.params);
	return inWrite(db, () => {
		const page = listAuditEntries(db, req.actor.jurisdictionId, filters);
		recordAudit(
			db,
			entry(req, 'audit.viewed', 'success', {
				...filterDetail(filters),
				page: filters.page,
				shown: page.rows.length
			}),
			req.now
		);
		return { ...page, filters, users: auditUserChoices(db, req.actor.jurisdictionId) };
	});
}

/** The whole filtered trail as CSV, recorded as 'audit.exported'. */
export function exportAuditTrail(db: Db, req: AuditRequest): { csv: string; filename: string; rows: number } {
	admit(db, req, 'audit.export', 'audit.exported');
	const filters: AuditFilters = parseAuditFilters(req.params);
	return inWrite(db, () => {
		const lines = [csvLine([...AUDIT_CSV_HEADER])];
		for (const row of eachAuditEntry(db, req.actor.jurisdictionId, filters)) lines.push(auditCsvLine(row));
		const rows = lines.length - 1;
		recordAudit(db, entry(req, 'audit.exported', 'success', { ...filterDetail(filters), rows }), req.now);
		const stamp = (req.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
		return { csv: lines.join(''), filename: `audit-trail-${stamp}.csv`, rows };
	});
}

/** The client's address as the server sees it, or null when the adapter cannot tell. */
export function addressOf(getClientAddress: () => string): string | null {
	try {
		return getClientAddress().slice(0, 64) || null;
	} catch {
		return null;
	}
}
