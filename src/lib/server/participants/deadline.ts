/**
 * The assessment deadline of an arrest-diversion referral, counted in the jurisdiction's local
 * calendar days. A referral at 23:30 local time counts from that local date; days are counted
 * on dates, never as 24-hour blocks, so a daylight-saving change shifts nothing.
 */

import { DEFAULT_PROGRAM_SETTINGS } from '../../shared/program-settings';

const DAY_MS = 86_400_000;

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
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(timezone, f);
	}
	return f;
}

interface LocalParts {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

function localParts(instant: Date, timezone: string): LocalParts {
	const parts: Record<string, number> = {};
	for (const p of formatter(timezone).formatToParts(instant)) {
		if (p.type !== 'literal') parts[p.type] = Number(p.value);
	}
	return {
		year: parts.year,
		month: parts.month,
		day: parts.day,
		hour: parts.hour,
		minute: parts.minute,
		second: parts.second
	};
}

/** How far local wall-clock time is ahead of UTC at this instant, in ms. */
function offsetMs(instantMs: number, timezone: string): number {
	const p = localParts(new Date(instantMs), timezone);
	const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return wall - Math.floor(instantMs / 1000) * 1000;
}

/** Day number (days since 1970-01-01) of the local calendar date of an instant. */
export function localDayNumber(instant: Date, timezone: string): number {
	const p = localParts(instant, timezone);
	return Date.UTC(p.year, p.month - 1, p.day) / DAY_MS;
}

/** The local calendar date of an instant, as YYYY-MM-DD. */
export function localDate(instant: Date, timezone: string): string {
	return new Date(localDayNumber(instant, timezone) * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of a YYYY-MM-DD date. */
export function dayNumberOf(date: string): number {
	const [y, m, d] = date.split('-').map(Number);
	return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The instant local midnight begins on the given local day number. */
export function startOfLocalDay(dayNumber: number, timezone: string): Date {
	const wallMidnight = dayNumber * DAY_MS;
	let guess = wallMidnight - offsetMs(wallMidnight, timezone);
	// A second pass settles the offset when the first guess fell on the other side of a DST change.
	const second = wallMidnight - offsetMs(guess, timezone);
	if (second !== guess) guess = second;
	return new Date(guess);
}

/** The last millisecond of the given local day. */
export function endOfLocalDay(dayNumber: number, timezone: string): Date {
	return new Date(startOfLocalDay(dayNumber + 1, timezone).getTime() - 1);
}

/**
 * When an arrest-diversion referral's assessment is due: the end of the local calendar day
 * `windowDays` days after the referral's local date.
 */
export function assessmentDueAt(referredAt: Date, timezone: string, windowDays: number): Date {
	return endOfLocalDay(localDayNumber(referredAt, timezone) + windowDays, timezone);
}

/** Local calendar days from `now` to `dueAt`: 0 on the due date itself, negative once overdue. */
export function daysLeft(dueAt: Date, now: Date, timezone: string): number {
	return localDayNumber(dueAt, timezone) - localDayNumber(now, timezone);
}

export interface DeadlineState {
	dueAt: Date;
	daysLeft: number;
	overdue: boolean;
	dueSoon: boolean;
}

/**
 * The assessment clock as a card shows it, flagged from `warningDays` days left (the program's
 * setting). Overdue changes nothing by itself.
 */
export function deadlineState(
	dueAt: Date,
	now: Date,
	timezone: string,
	warningDays = DEFAULT_PROGRAM_SETTINGS.assessmentWarningDays
): DeadlineState {
	const left = daysLeft(dueAt, now, timezone);
	const overdue = now.getTime() > dueAt.getTime();
	return { dueAt, daysLeft: left, overdue, dueSoon: !overdue && left <= warningDays };
}
