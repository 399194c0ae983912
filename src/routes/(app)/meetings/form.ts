/**
 * What the meeting pages share besides the command adapter: reading a meeting for a page (a
 * meeting this person may not see is a 404), and the wall-time value of an instant for editing.
 */
import { isDomainError } from '$lib/server/errors';
import { isoToZonedLocal } from '$lib/shared/zoned';
import { error } from '@sveltejs/kit';

/** Reads a meeting for a page; a meeting this person may not see is a 404, as if it did not exist. */
export function readMeeting<T>(read: () => T): T {
	try {
		return read();
	} catch (e) {
		if (isDomainError(e)) error(404, 'This meeting does not exist or you are not invited to it.');
		throw e;
	}
}

/** The ISO instant as a `datetime-local` value in the zone (for editing forms). */
export function isoToZoned(iso: string, timeZone: string): string {
	return isoToZonedLocal(iso, timeZone);
}
