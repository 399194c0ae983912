/**
 * Socket events per person: a burst allowance per window, in memory (one server process). An
 * exceeded limit refuses the event with `rate_limited`; nothing is written.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface EventLimit {
	limit: number;
	windowSeconds: number;
}

/** One limiter per running board (keyed by its services object), created on first use. */
const limiters = new WeakMap<object, RateLimiterMemory>();

function limiterFor(owner: object, settings: EventLimit): RateLimiterMemory {
	let limiter = limiters.get(owner);
	if (!limiter) {
		limiter = new RateLimiterMemory({
			keyPrefix: 'socket-events',
			points: settings.limit,
			duration: settings.windowSeconds
		});
		limiters.set(owner, limiter);
	}
	return limiter;
}

/** Counts one event for this person; false when they have used up the window's allowance. */
export async function allowSocketEvent(
	owner: object,
	settings: EventLimit,
	userId: string
): Promise<boolean> {
	try {
		await limiterFor(owner, settings).consume(userId, 1);
		return true;
	} catch (refusal) {
		if (refusal instanceof RateLimiterRes) return false;
		throw refusal;
	}
}
