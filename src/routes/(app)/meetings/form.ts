/**
 * The thin adapter between meeting form actions and the domain: reads the form into a plain
 * object (numbers and lists where the schema expects them), runs the domain write, announces its
 * changes, and maps a refusal to `fail()` with field messages.
 */
import { isDomainError } from '$lib/server/errors';
import { isoToZonedLocal, zonedLocalToIso } from '$lib/shared/zoned';
import { failFromDomain } from '$lib/server/http/actions';
import { announce, type WriteOptions, type WriteResult } from '$lib/server/meetings';
import type { Actor } from '$lib/server/policy';
import type { Db } from '$lib/server/db';
import { error, type RequestEvent } from '@sveltejs/kit';

const NUMBERS = new Set(['expectedVersion', 'plannedMinutes']);
const LISTS = new Set(['invitedAgencyIds', 'invitedUserIds', 'order', 'agreeingAgencyIds']);

/** Form fields as the schemas expect them; empty optional fields are left out. */
export function formInput(form: FormData, keep: string[] = []): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of new Set(form.keys())) {
		if (key.startsWith('_')) continue;
		if (LISTS.has(key)) out[key] = form.getAll(key).map(String);
		else {
			const value = String(form.get(key) ?? '');
			if (value === '' && !keep.includes(key)) continue;
			out[key] = NUMBERS.has(key) ? Number(value) : value;
		}
	}
	return out;
}

type Write<T> = (db: Db, actor: Actor, input: unknown, opts: WriteOptions) => WriteResult<T>;

export function signedIn(event: RequestEvent): Actor {
	if (!event.locals.actor) error(401, 'Sign in to use the board.');
	return event.locals.actor;
}

/** Reads a meeting for a page; a meeting this person may not see is a 404, as if it did not exist. */
export function readMeeting<T>(read: () => T): T {
	try {
		return read();
	} catch (e) {
		if (isDomainError(e)) error(404, 'This meeting does not exist or you are not invited to it.');
		throw e;
	}
}

/** Runs one write from a form; answers `{ ok, action, data }` or a `fail()` the page shows. */
export async function runForm<T>(
	event: RequestEvent,
	action: string,
	write: Write<T>,
	input?: Record<string, unknown>
) {
	const actor = signedIn(event);
	const body = input ?? formInput(await event.request.formData());
	try {
		const result = write(event.locals.services.db, actor, body, { sourceAddress: event.getClientAddress() });
		announce(event.locals.services.events, result.changes);
		return { ok: true as const, action, data: result.data };
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return failFromDomain(e, { action });
	}
}

/**
 * A `datetime-local` value ("2026-05-06T17:00") read as wall time in the jurisdiction's zone,
 * as an ISO instant; anything else is passed on for the schema to refuse.
 */
export function zonedToIso(local: unknown, timeZone: string): unknown {
	return typeof local === 'string' ? (zonedLocalToIso(local, timeZone) ?? local) : local;
}

/** The ISO instant as a `datetime-local` value in the zone (for editing forms). */
export function isoToZoned(iso: string, timeZone: string): string {
	return isoToZonedLocal(iso, timeZone);
}
