/**
 * A posted form as the input of the change it asks for, read the same way everywhere: by every
 * form action on the server, and in the browser when a change made offline waits to be sent.
 * The form may name its change in a hidden `op` field and carry an `idempotencyKey`; fields whose
 * names start with `_` are the page's own. A dotted name (`person.legalName`) fills a nested
 * object. Each field is read by the last part of its name: numbers, lists, yes/no boxes, instants
 * (wall time in the jurisdiction's zone) and clearable fields; anything else is trimmed text, left
 * out when empty so the schema's default or "unchanged" applies.
 */
import { zonedLocalToIso } from './zoned';

const NUMBERS = new Set([
	'expectedVersion',
	'plannedMinutes',
	'grams',
	'priorViolentOffenceYearsAgo',
	'age',
	'years',
	'assessmentWindowDays',
	'assessmentWarningDays',
	'courtHorizonDays',
	'unableToLocateDays',
	'caseloadTarget',
	'caseloadCap',
	'workgroupCadenceDays',
	'pcgCadenceDays',
	'smallNumberThreshold'
]);
/** Several inputs of one name (checkboxes, a multiple select): every chosen value. */
const LISTS = new Set([
	'categories',
	'drivers',
	'invitedAgencyIds',
	'invitedUserIds',
	'order',
	'agreeingAgencyIds',
	'pathways',
	'raceEthnicities',
	'appliesTo',
	'eligibleOffenceCategories',
	'offenceCategoryRequiredFor',
	'requireAnyDriver',
	'inApp',
	'digest'
]);
/** A text field holding several values separated by commas (or the same field given more than once). */
const SEPARATED = new Set(['aliases']);
/** A checkbox: true when ticked, left out when not. */
const CHECKBOXES = new Set([
	'on',
	'underStateProbation',
	'exploitationOfMinors',
	'promotingProstitution',
	'deliveryOrIntentToDeliver',
	'dealingAboveSubsistence'
]);
/** `datetime-local` values: wall time in the jurisdiction's zone, sent on as an ISO instant. */
const INSTANTS = new Set(['occurredAt', 'nextCourtDate', 'startsAt']);
/** Emptied to unassign: an empty value is null. */
const NULLABLE = new Set(['caseManagerUserId', 'defenderUserId']);
/** Emptied to clear: an empty value is kept as empty text. */
const CLEARABLE = new Set(['location', 'callLink']);
const RESERVED = new Set(['op', 'idempotencyKey']);

export interface PostedInput {
	/** The change the form names, if it names one (checked by the server, never trusted). */
	op: string | undefined;
	input: Record<string, unknown>;
	idempotencyKey: string | undefined;
}

export function readFormInput(form: FormData, timeZone: string): PostedInput {
	const input: Record<string, unknown> = {};
	for (const name of new Set(form.keys())) {
		if (name.startsWith('_') || RESERVED.has(name)) continue;
		const leaf = name.slice(name.lastIndexOf('.') + 1);
		const value = LISTS.has(leaf)
			? texts(form.getAll(name))
			: SEPARATED.has(leaf)
				? texts(form.getAll(name).flatMap((v) => (typeof v === 'string' ? v.split(',') : [])))
				: fieldValue(leaf, form.get(name), timeZone);
		if (value !== undefined) place(input, name, value);
	}
	return { op: text(form.get('op')), input, idempotencyKey: text(form.get('idempotencyKey')) };
}

function fieldValue(leaf: string, raw: FormDataEntryValue | null, timeZone: string): unknown {
	if (typeof raw !== 'string') return undefined;
	const value = raw.trim();
	if (CHECKBOXES.has(leaf)) return value ? true : undefined;
	if (value === '') return NULLABLE.has(leaf) ? null : CLEARABLE.has(leaf) ? '' : undefined;
	if (NUMBERS.has(leaf)) return Number(value);
	if (INSTANTS.has(leaf)) return zonedLocalToIso(value, timeZone) ?? value;
	return value;
}

function texts(values: unknown[]): string[] {
	return values.flatMap((v) => (typeof v === 'string' && v.trim() ? [v.trim()] : []));
}

function text(value: FormDataEntryValue | null): string | undefined {
	return typeof value === 'string' && value ? value : undefined;
}

/** Sets `a.b.c` in a nested object; parts that could reach an object's prototype are refused. */
function place(target: Record<string, unknown>, name: string, value: unknown): void {
	const parts = name.split('.');
	if (parts.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) return;
	let at = target;
	for (const part of parts.slice(0, -1)) {
		const next = at[part];
		at = (at[part] = next && typeof next === 'object' ? next : {}) as Record<string, unknown>;
	}
	at[parts[parts.length - 1]] = value;
}
