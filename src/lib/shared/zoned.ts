/** Wall-clock times in a jurisdiction's time zone, as `<input type="datetime-local">` gives them. */

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

/** Minutes the zone is ahead of UTC at that instant. */
function offsetMinutes(instant: number, timeZone: string): number {
	const parts = formatter(timeZone).formatToParts(new Date(instant));
	const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
	return Math.round((asUtc - instant) / 60_000);
}

/** "2026-11-23T14:30" in America/Los_Angeles → the ISO instant; null when the text is not such a time. */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
	if (!m) return null;
	const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
	let instant = wall - offsetMinutes(wall, timeZone) * 60_000;
	instant = wall - offsetMinutes(instant, timeZone) * 60_000; // settle across a DST change
	return new Date(instant).toISOString();
}

/** The instant as the `datetime-local` value a person in that zone would type. */
export function isoToZonedLocal(iso: string | Date, timeZone: string): string {
	const instant = new Date(iso).getTime();
	const local = new Date(instant + offsetMinutes(instant, timeZone) * 60_000);
	return local.toISOString().slice(0, 16);
}
