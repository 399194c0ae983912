/**
 * Wall-clock times and calendar days in a jurisdiction's time zone: the one place the board asks
 * the time-zone database. Days are counted on local dates (a contact at 23:30 local time is that
 * day's), never as 24-hour blocks, so a daylight-saving change shifts nothing. Times convert to
 * and from what `<input type="datetime-local">` gives.
 */

const DAY_MS = 86_400_000;

/** One formatter per zone: building one costs far more than using it (an import converts thousands of dates). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

/**
 * Each zone's last reading, by the second it was for: every change the board stores or sends asks
 * for the local day of "now", several times in the same second, and each answer from the
 * time-zone database (`formatToParts`) costs microseconds. A reading is exact for its whole second.
 */
const lastReading = new Map<string, { second: number; wallMs: number }>();

/** The zone's wall-clock reading at an instant, as if it were UTC (ms since 1970, to the second). */
function wallClockMs(instantMs: number, timeZone: string): number {
	const second = Math.floor(instantMs / 1000);
	const last = lastReading.get(timeZone);
	if (last?.second === second) return last.wallMs;
	const parts: Record<string, number> = {};
	for (const p of formatter(timeZone).formatToParts(new Date(second * 1000))) {
		if (p.type !== 'literal') parts[p.type] = Number(p.value);
	}
	const wallMs = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	lastReading.set(timeZone, { second, wallMs });
	return wallMs;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetMs(instantMs: number, timeZone: string): number {
	return wallClockMs(instantMs, timeZone) - Math.floor(instantMs / 1000) * 1000;
}

/** The instant at which the zone's wall clock shows `wallMs` (a wall-clock reading written as UTC). */
function wallToInstant(wallMs: number, timeZone: string): number {
	const guess = wallMs - offsetMs(wallMs, timeZone);
	// A second pass settles the offset when the first guess fell on the other side of a DST change.
	return wallMs - offsetMs(guess, timeZone);
}

/** "2026-11-23T14:30" in America/Los_Angeles → the ISO instant; null when the text is not such a time. */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
	if (!m) return null;
	return new Date(wallToInstant(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]), timeZone)).toISOString();
}

/** The instant as the `datetime-local` value a person in that zone would type. */
export function isoToZonedLocal(iso: string | Date, timeZone: string): string {
	const instant = new Date(iso).getTime();
	return new Date(instant + offsetMs(instant, timeZone)).toISOString().slice(0, 16);
}

/** Day number (days since 1970-01-01) of the local calendar date of an instant. */
export function localDayNumber(instant: Date, timeZone: string): number {
	return Math.floor(wallClockMs(instant.getTime(), timeZone) / DAY_MS);
}

/** The local calendar date of an instant, as YYYY-MM-DD. */
export function localDate(instant: Date, timeZone: string): string {
	return new Date(localDayNumber(instant, timeZone) * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of a YYYY-MM-DD date. */
export function dayNumberOf(date: string): number {
	const [y, m, d] = date.split('-').map(Number);
	return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The instant local midnight begins on the given local day number. */
export function startOfLocalDay(dayNumber: number, timeZone: string): Date {
	return new Date(wallToInstant(dayNumber * DAY_MS, timeZone));
}

/** The last millisecond of the given local day. */
export function endOfLocalDay(dayNumber: number, timeZone: string): Date {
	return new Date(startOfLocalDay(dayNumber + 1, timeZone).getTime() - 1);
}

/**
 * `localDayNumber` for an export of many thousands of instants, where asking the time-zone
 * database once per instant is too slow for a whole program's history: the zone's offset is asked
 * once per UTC day and reused for every instant of that day, unless the offset changes within it
 * (a daylight-saving day, when each instant is asked for itself).
 */
export function localDayCounter(timeZone: string): (instantMs: number) => number {
	const offsets = new Map<number, number | null>();
	return (instantMs) => {
		const utcDay = Math.floor(instantMs / DAY_MS);
		let offset = offsets.get(utcDay);
		if (offset === undefined) {
			offset = steadyOffset(utcDay, timeZone);
			offsets.set(utcDay, offset);
		}
		if (offset === null) return localDayNumber(new Date(instantMs), timeZone);
		return Math.floor((instantMs + offset) / DAY_MS);
	};
}

/** The zone's offset (ms) through one whole UTC day, or null when it changes during that day. */
function steadyOffset(utcDay: number, timeZone: string): number | null {
	const start = utcDay * DAY_MS;
	const first = offsetMs(start, timeZone);
	return first === offsetMs(start + DAY_MS - 1, timeZone) ? first : null;
}
