/**
 * CSV for the audit export (RFC 4180 quoting). A cell that a spreadsheet would run as a formula
 * (starting with = + - @, or a tab/carriage return) is prefixed with an apostrophe.
 */
import type { AuditListRow } from './query';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
	if (value === null) return '';
	let text = String(value);
	if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

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

export function csvLine(values: (string | number | null)[]): string {
	return values.map(csvCell).join(',') + '\r\n';
}

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
