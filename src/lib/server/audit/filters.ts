/**
 * The filters of the audit screens, parsed from a URL's query string. Sort column and direction
 * come from allow-lists; every value is validated before it reaches a query.
 */
import { z } from 'zod';
import { invalidInput } from '../errors';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from './actions';

export const AUDIT_PAGE_SIZE = 100;
export const AUDIT_SORTS = ['at', 'action', 'outcome', 'actor'] as const;
export type AuditSort = (typeof AUDIT_SORTS)[number];
export const SORT_DIRECTIONS = ['desc', 'asc'] as const;

/** An empty form field means "no filter". */
const optional = <S extends z.ZodType>(schema: S) =>
	z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
const idLike = z
	.string()
	.trim()
	.regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'Enter an id (letters, digits, dashes)');

export const AuditFilterSchema = z
	.object({
		objectId: optional(idLike),
		userId: optional(idLike),
		action: optional(z.enum(AUDIT_ACTIONS, 'Choose an action from the list')),
		outcome: optional(z.enum(AUDIT_OUTCOMES, 'Choose an outcome from the list')),
		from: optional(z.iso.date('Enter a date as YYYY-MM-DD')),
		to: optional(z.iso.date('Enter a date as YYYY-MM-DD')),
		sort: optional(z.enum(AUDIT_SORTS)).default('at'),
		dir: optional(z.enum(SORT_DIRECTIONS)).default('desc'),
		page: optional(z.coerce.number().int().min(1).max(1_000_000)).default(1)
	})
	.strict()
	.refine((f) => !f.from || !f.to || f.from <= f.to, {
		message: 'The end date is before the start date',
		path: ['to']
	});
export type AuditFilters = z.output<typeof AuditFilterSchema>;

/** Parses a query string; repeated or unknown parameters are refused with field messages. */
export function parseAuditFilters(params: URLSearchParams): AuditFilters {
	const input: Record<string, string> = Object.create(null);
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key);
		input[key] = values.length === 1 ? values[0] : '\u0000repeated';
	}
	const parsed = AuditFilterSchema.safeParse({ ...input });
	if (!parsed.success) throw invalidInput(parsed.error, 'Some filters need attention.');
	return parsed.data;
}

/** The filters that were set, as ids and codes, for the audit entry that records a view or export. */
export function filterDetail(f: AuditFilters): Record<string, string> {
	const set: Record<string, string> = {};
	for (const key of ['objectId', 'userId', 'action', 'outcome', 'from', 'to'] as const) {
		const value = f[key];
		if (value) set[key] = value;
	}
	return set;
}
