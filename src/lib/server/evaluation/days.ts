/**
 * Local calendar days for an export of many thousands of events. The board counts days on the
 * program's own calendar (a contact at 23:30 local time is that day's), as the assessment clock
 * does; asking the time-zone database once per event is too slow for a whole program's history,
 * so the zone's offset is asked once per UTC day and reused for every instant of that day unless
 * the offset changes within it (a daylight-saving day, when each instant is asked for itself).
 */
import { localDayNumber } from '../participants/deadline';

const DAY_MS = 86_400_000;

/** A function from an instant (ms) to the day number (days since 1970-01-01) of its local date. */
export function localDayCounter(timezone: string): (instantMs: number) => number {
	const offsets = new Map<number, number | null>();
	return (instantMs) => {
		const utcDay = Math.floor(instantMs / DAY_MS);
		let offset = offsets.get(utcDay);
		if (offset === undefined) {
			offset = steadyOffset(utcDay, timezone);
			offsets.set(utcDay, offset);
		}
		if (offset === null) return localDayNumber(new Date(instantMs), timezone);
		return Math.floor((instantMs + offset) / DAY_MS);
	};
}

/** The zone's offset (ms) through one whole UTC day, or null when it changes during that day. */
function steadyOffset(utcDay: number, timezone: string): number | null {
	const start = utcDay * DAY_MS;
	const first = wallOffset(start, timezone);
	const last = wallOffset(start + DAY_MS - 1, timezone);
	return first === last ? first : null;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (to the minute). */
function wallOffset(instantMs: number, timezone: string): number {
	const parts = formatter(timezone).formatToParts(new Date(instantMs));
	const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'));
	return wall - Math.floor(instantMs / 60_000) * 60_000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timezone: string): Intl.DateTimeFormat {
	let f = formatters.get(timezone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit'
		});
		formatters.set(timezone, f);
	}
	return f;
}
