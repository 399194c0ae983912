/**
 * Asking again for a read the server refused for now (`busy` while it sheds load, `rate_limited`
 * while the person's allowance is spent): waits that double from two seconds, never shorter than
 * the server asked, with a random share added so that everyone refused at once does not come back
 * at once. After six tries, or on any other refusal, it stops and says the data may be behind.
 */
import { ERROR_CODES, type ErrorCode } from '$lib/shared/errors';

const FIRST_WAIT_MS = 2_000;
const LONGEST_BACKOFF_MS = 30_000;
/** Tries after the first refusal before the browser stops asking. */
export const MAX_RETRIES = 6;

/** Whether this view of the data is current, waiting to ask again, or given up on. */
export type Freshness = 'current' | 'waiting' | 'behind';

export interface Refusal {
	code: ErrorCode;
	retryAfterSeconds?: number;
}

/** A refusal that asking again later can cure. */
export function refusedForNow(code: ErrorCode): boolean {
	return code === ERROR_CODES.BUSY || code === ERROR_CODES.RATE_LIMITED;
}

/** The wait before retry number `retry` (1 for the first), or null once the retries are spent. */
export function retryDelayMs(
	retry: number,
	retryAfterSeconds = 0,
	random: () => number = Math.random
): number | null {
	if (retry > MAX_RETRIES) return null;
	const backoff = Math.min(LONGEST_BACKOFF_MS, FIRST_WAIT_MS * 2 ** (retry - 1));
	return Math.round(Math.max(backoff, retryAfterSeconds * 1000) * (1 + random() / 2));
}

/** One read's retries: what the screen says about it, and the timer that asks again. */
export class RetrySchedule {
	#freshness = $state<Freshness>('current');
	#retries = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	readonly #random: () => number;

	constructor(random: () => number = Math.random) {
		this.#random = random;
	}

	get freshness(): Freshness {
		return this.#freshness;
	}

	/** After a refusal: `again` runs after the next wait, or nothing does and the data is behind. */
	refused(refusal: Refusal, again: () => void): void {
		this.cancel();
		const wait = refusedForNow(refusal.code)
			? retryDelayMs(++this.#retries, refusal.retryAfterSeconds, this.#random)
			: null;
		if (wait === null) {
			this.#freshness = 'behind';
			return;
		}
		this.#freshness = 'waiting';
		this.#timer = setTimeout(again, wait);
	}

	/** The read was answered: the data is current and the next refusal starts from the first wait. */
	answered(): void {
		this.restart();
		this.#freshness = 'current';
	}

	/** A fresh start (a new connection): no wait pending, the retries counted from zero. */
	restart(): void {
		this.cancel();
		this.#retries = 0;
	}

	cancel(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
	}
}
