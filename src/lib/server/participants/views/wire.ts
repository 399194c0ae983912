/** How a view is shaped for the wire: instants as ISO strings, and withheld fields absent rather than empty. */

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Drops keys whose value is undefined, so withheld fields are absent rather than present-and-empty. */
export function compact<T extends object>(o: T): T {
	for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
	return o;
}
