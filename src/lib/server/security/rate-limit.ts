/**
 * Socket events per person: a burst allowance of points per window, in memory (one server
 * process). Every event costs a point; a read that returns many rows (a roster, a catch-up) costs
 * one more per ROWS_PER_POINT rows. A read reserves the cost of a full page before it runs and is
 * settled at the rows it returned, so a burst sent at once is refused after a few reads, not after
 * the server has done them all. An exceeded limit refuses the event with `rate_limited`. A person
 * who keeps sending after that, until refused more events than their whole allowance in one
 * window, is flooding: their socket is closed and they may not open another until it ends.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface EventLimit {
	limit: number;
	windowSeconds: number;
}

/** One limiter per running board (keyed by its services object), created on first use. */
const limiters = new WeakMap<object, RateLimiterMemory>();
/** And one counting each person's refused events, which tells a flood from a burst. */
const refusals = new WeakMap<object, RateLimiterMemory>();

function limiterFor(
	owner: object,
	settings: EventLimit,
	kept = limiters,
	keyPrefix = 'socket-events'
): RateLimiterMemory {
	let limiter = kept.get(owner);
	if (!limiter) {
		limiter = new RateLimiterMemory({ keyPrefix, points: settings.limit, duration: settings.windowSeconds });
		kept.set(owner, limiter);
	}
	return limiter;
}

/**
 * Counts one refused event. Once this person was refused more than their allowance this window
 * they are flooding: answers how long they stay shut out (0 while they are not).
 */
export async function refusedFlooding(owner: object, settings: EventLimit, userId: string): Promise<number> {
	const limiter = limiterFor(owner, settings, refusals, 'socket-refusals');
	return (await allowOn(limiter, userId, 1)) ? 0 : await shutOutFor(owner, settings, userId);
}

/** How long a person who flooded stays shut out, in milliseconds: until the window of their refusals ends. */
export async function shutOutFor(owner: object, settings: EventLimit, userId: string): Promise<number> {
	const state = await limiterFor(owner, settings, refusals, 'socket-refusals').get(userId);
	return state !== null && state.consumedPoints > settings.limit ? Math.max(1, state.msBeforeNext) : 0;
}

async function allowOn(limiter: RateLimiterMemory, key: string, points: number): Promise<boolean> {
	try {
		await limiter.consume(key, points);
		return true;
	} catch (refusal) {
		if (refusal instanceof RateLimiterRes) return false;
		throw refusal;
	}
}

/** Counts one event (and `points` in all) for this person; false when the allowance is used up. */
export async function allowSocketEvent(
	owner: object,
	settings: EventLimit,
	userId: string,
	points = 1
): Promise<boolean> {
	return allowOn(limiterFor(owner, settings), userId, points);
}

/** Whole seconds (at least one) until this person's allowance starts its next window. */
export async function secondsUntilAllowed(
	owner: object,
	settings: EventLimit,
	userId: string
): Promise<number> {
	const state = await limiterFor(owner, settings).get(userId);
	return Math.max(1, Math.ceil((state?.msBeforeNext ?? 0) / 1000));
}

/** Rows a read may return for each point it costs beyond the event's own. */
export const ROWS_PER_POINT = 10;

/** The rows a read is assumed to return until it has run: one catch-up page. */
export const READ_RESERVE_ROWS = 500;

/** The points a read of `rows` rows costs beyond the event's own point. */
export function readCost(rows: number): number {
	return Math.floor(Math.max(0, rows) / ROWS_PER_POINT);
}

/** The points a read reserves beyond its own before it runs: a page's cost, within the limit. */
export function readReserve(settings: EventLimit): number {
	return Math.max(0, Math.min(readCost(READ_RESERVE_ROWS), settings.limit - 1));
}

/**
 * Settles a read that reserved `readReserve(settings)`: charges the rows it returned beyond
 * that, or gives back what it did not use (all of it when the read failed, `rows` 0).
 */
export async function settleRead(
	owner: object,
	settings: EventLimit,
	userId: string,
	rows: number
): Promise<void> {
	const difference = readCost(rows) - readReserve(settings);
	const limiter = limiterFor(owner, settings);
	if (difference > 0) await limiter.penalty(userId, difference);
	if (difference >= 0) return;
	// A window that ended since the reservation has nothing to give back; never credit a new one.
	const spent = (await limiter.get(userId))?.consumedPoints ?? 0;
	const back = Math.min(-difference, spent);
	if (back > 0) await limiter.reward(userId, back);
}
