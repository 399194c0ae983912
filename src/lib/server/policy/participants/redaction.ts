/** Redaction: a row, or a category, as an actor who sees these categories may see it. */
import type { InformationCategory } from '../../../shared/participant-values';
import { fieldCategory, type FieldCategory, type Row } from './fields';

/**
 * The row with every field the actor may not see removed, or null when the row itself is hidden
 * (its `id` is in a withheld category).
 */
export function redactRow<T extends Row>(
	table: string,
	row: T,
	visible: ReadonlySet<InformationCategory>
): Partial<T> | null {
	const allowed = (field: string) => {
		const c = fieldCategory(table, field, row);
		return c === 'core' || visible.has(c);
	};
	if ('id' in row && !allowed('id')) return null;
	const out: Partial<T> = {};
	for (const key of Object.keys(row) as (keyof T & string)[]) {
		if (allowed(key)) out[key] = row[key];
	}
	return out;
}

/** Is a category visible (core always is)? */
export function sees(visible: ReadonlySet<InformationCategory>, category: FieldCategory): boolean {
	return category === 'core' || visible.has(category);
}
