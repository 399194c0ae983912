/**
 * The assessment deadline of an arrest-diversion referral, counted in the jurisdiction's local
 * calendar days. A referral at 23:30 local time counts from that local date; days are counted
 * on dates, never as 24-hour blocks, so a daylight-saving change shifts nothing.
 */
import { DEFAULT_PROGRAM_SETTINGS } from '../../shared/program-settings';
import { endOfLocalDay, localDayNumber } from '../../shared/zoned';

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
