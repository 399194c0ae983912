/**
 * The periods figures are read over: whole local days in the program's time zone, and the
 * period of the same length just before, for the comparison. By default a period runs from the
 * last Policy Coordinating Group meeting to today, so the group reviews what happened since it
 * last met.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Conn } from '../db';
import { meetings } from '../db/schema';
import { dayNumberOf, localDate, localDayNumber, startOfLocalDay } from '../../shared/zoned';
import type { FigurePeriod } from '../../shared/figures';

const DAY_MS = 86_400_000;
/** Ten years: longer than any program has run, short enough to stay a question the board answers quickly. */
const LONGEST_PERIOD_DAYS = 3_660;

/** A stretch of time as instants: from its first millisecond up to, not including, `to`. */
export interface Window {
	from: number;
	to: number;
}

export interface ResolvedPeriod {
	period: FigurePeriod;
	previous: FigurePeriod;
	current: Window;
	before: Window;
}

const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Give dates as YYYY-MM-DD.')
	.refine((d) => {
		const day = new Date(`${d}T00:00:00Z`);
		return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(d);
	}, 'That date does not exist.');

/** A period someone asked for: both ends given, in order, and not absurdly long. */
export const periodInput = z
	.strictObject({ from: isoDate, to: isoDate })
	.refine((p) => p.from <= p.to, { path: ['to'], message: 'The period must end on or after its start.' })
	.refine((p) => dayNumberOf(p.to) - dayNumberOf(p.from) < LONGEST_PERIOD_DAYS, {
		path: ['from'],
		message: 'A period is at most ten years.'
	});

const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The period, the one of the same length before it, and both as instants in the time zone. */
export function resolvePeriod(period: FigurePeriod, timezone: string): ResolvedPeriod {
	const first = dayNumberOf(period.from);
	const last = dayNumberOf(period.to);
	const days = last - first + 1;
	const previous = { from: dateOfDay(first - days), to: dateOfDay(first - 1) };
	const at = (day: number) => startOfLocalDay(day, timezone).getTime();
	return {
		period,
		previous,
		current: { from: at(first), to: at(last + 1) },
		before: { from: at(first - days), to: at(first) }
	};
}

/**
 * Since the last Policy Coordinating Group meeting that has started (its day included), to
 * today; a program that has not met yet looks back one PCG cadence.
 */
export function defaultPeriod(
	db: Conn,
	jurisdictionId: string,
	timezone: string,
	pcgCadenceDays: number,
	now: Date
): FigurePeriod {
	const last = db
		.select({ startsAt: meetings.startsAt })
		.from(meetings)
		.where(
			and(
				eq(meetings.jurisdictionId, jurisdictionId),
				eq(meetings.kind, 'policy_group'),
				lt(meetings.startsAt, now)
			)
		)
		.orderBy(desc(meetings.startsAt))
		.limit(1)
		.get();
	const today = localDayNumber(now, timezone);
	const from = last ? localDate(last.startsAt, timezone) : dateOfDay(today - pcgCadenceDays + 1);
	return { from: from <= dateOfDay(today) ? from : dateOfDay(today), to: dateOfDay(today) };
}

/** The year up to today, for the bench and the API's default. */
export function yearTo(now: Date, timezone: string): FigurePeriod {
	const today = localDayNumber(now, timezone);
	return { from: dateOfDay(today - 364), to: dateOfDay(today) };
}
