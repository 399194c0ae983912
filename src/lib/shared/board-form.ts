/**
 * A board form's fields as the input its domain function takes, the same in the browser (a
 * change queued while offline) and on the server (a form post). The form names its operation in a
 * hidden `op` field; the domain validates everything else.
 */
import { zonedLocalToIso } from './zoned';

const NUMBERS = new Set(['expectedVersion', 'grams', 'priorViolentOffenceYearsAgo', 'age']);
const INSTANTS = new Set(['occurredAt', 'nextCourtDate']);
const NULLABLE = new Set(['caseManagerUserId', 'defenderUserId']);
const RESERVED = new Set(['op', 'idempotencyKey']);
/** Fields a form sends as several checkboxes of one name (a consent's categories): every checked value. */
const LISTS = new Set(['categories']);

export interface RawBoardForm {
	op: unknown;
	input: Record<string, unknown>;
	idempotencyKey: string | undefined;
}

export function boardFormInput(form: FormData, timeZone: string): RawBoardForm {
	const key = form.get('idempotencyKey');
	const input: Record<string, unknown> = {};
	for (const [name, raw] of form.entries()) {
		if (LISTS.has(name)) {
			input[name] = form.getAll(name).filter((v): v is string => typeof v === 'string');
			continue;
		}
		if (RESERVED.has(name) || typeof raw !== 'string') continue;
		const value = raw.trim();
		if (value === '') {
			if (NULLABLE.has(name)) input[name] = null;
			continue;
		}
		input[name] = NUMBERS.has(name)
			? Number(value)
			: INSTANTS.has(name)
				? (zonedLocalToIso(value, timeZone) ?? value)
				: value;
	}
	return { op: form.get('op'), input, idempotencyKey: typeof key === 'string' && key ? key : undefined };
}
