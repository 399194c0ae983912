/**
 * Pages and downloads that read every participant, every figure or the whole audit trail: the
 * ones refused with 503 while the board sheds load. Named by SvelteKit route id.
 */
export const EXPENSIVE_ROUTES: ReadonlySet<string> = new Set([
	'/(app)/board',
	'/(app)/board/print',
	'/(app)/meetings/flags',
	'/(app)/meetings/[id]/packet',
	'/(app)/figures',
	'/(app)/figures/print',
	'/api/v1/figures',
	'/api/v1/exports/evaluation.zip',
	'/(app)/admin/audit',
	'/(app)/admin/audit/export.csv'
]);

/** Seconds a refused caller is asked to wait: a few of the shedder's half-second readings. */
export const RETRY_AFTER_SECONDS = 5;
