/** CSV for the audit export, written with the board's one CSV writer. */
import { csvLine } from '../../shared/csv';
import type { AuditListRow } from './query';

export { csvCell, csvLine } from '../../shared/csv';

export const AUDIT_CSV_HEADER = [
	'id',
	'time_utc',
	'user_id',
	'user_name',
	'role',
	'agency_id',
	'jurisdiction_id',
	'source_address',
	'action',
	'object_type',
	'object_id',
	'outcome',
	'detail',
	'prev_hash',
	'hash'
] as const;

export function auditCsvLine(r: AuditListRow): string {
	return csvLine([
		r.id,
		new Date(r.at).toISOString(),
		r.actorUserId,
		r.actorName,
		r.actorRole,
		r.actorAgencyId,
		r.jurisdictionId,
		r.sourceAddress,
		r.action,
		r.objectType,
		r.objectId,
		r.outcome,
		r.detail,
		r.prevHash,
		r.hash
	]);
}
