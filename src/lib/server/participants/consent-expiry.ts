/**
 * Consents that run out by date. Every read already decides with the current time, so an expired
 * consent widens nothing from that instant; this module makes screens that are already open
 * follow at once: it appends a change-log row per consent that just expired (so reconnecting
 * clients catch up too) and a timer, armed for the next expiry, announces them.
 */
import { and, asc, eq, gt, isNull, lte } from 'drizzle-orm';
import { changeLog, consents } from '../db/schema';
import type { Conn } from '../db';
import { inWrite } from '../db/write';

export interface ConsentExpired {
	jurisdictionId: string;
	participantId: string;
	seq: number;
	consentId: string;
}

const BATCH = 500;
const unannounced = and(isNull(consents.revokedAt), isNull(consents.expiryAnnouncedAt));

/** Marks each consent that expired by `now` as announced and logs one change for it. */
export function announceConsentExpiries(db: Conn, now: Date): ConsentExpired[] {
	return inWrite(db, () => {
		const due = db
			.select({
				id: consents.id,
				jurisdictionId: consents.jurisdictionId,
				participantId: consents.participantId
			})
			.from(consents)
			.where(and(unannounced, lte(consents.expiresAt, now)))
			.orderBy(asc(consents.expiresAt))
			.limit(BATCH)
			.all();
		return due.map((c) => {
			db.update(consents).set({ expiryAnnouncedAt: now }).where(eq(consents.id, c.id)).run();
			const { seq } = db
				.insert(changeLog)
				.values({
					jurisdictionId: c.jurisdictionId,
					participantId: c.participantId,
					kind: 'consent.expired',
					category: 'core',
					createdAt: now
				})
				.returning({ seq: changeLog.seq })
				.get();
			return { jurisdictionId: c.jurisdictionId, participantId: c.participantId, seq, consentId: c.id };
		});
	});
}

/** When the next not-yet-announced consent expires, or null when none is due. */
export function nextConsentExpiry(db: Conn, now: Date): Date | null {
	const row = db
		.select({ at: consents.expiresAt })
		.from(consents)
		.where(and(unannounced, gt(consents.expiresAt, now)))
		.orderBy(asc(consents.expiresAt))
		.limit(1)
		.get();
	return row?.at ?? null;
}

export interface ExpiryWatcher {
	/** Looks again for the next expiry (after a consent was recorded or renewed). */
	rearm(): void;
	stop(): void;
}

export interface ExpiryWatcherOptions {
	/** The longest the timer sleeps before looking again, whatever the next expiry (default 30 s). */
	maxWaitMs?: number;
	now?: () => Date;
	onError?: (error: unknown) => void;
}

/**
 * Calls `onExpired` for every consent as it expires: a timer set for the next expiry instant
 * (capped at `maxWaitMs`, so a change made behind the server's back is seen within that bound).
 */
export function watchConsentExpiry(
	db: Conn,
	onExpired: (expired: ConsentExpired[]) => void,
	{ maxWaitMs = 30_000, now = () => new Date(), onError = () => {} }: ExpiryWatcherOptions = {}
): ExpiryWatcher {
	let timer: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	const tick = () => {
		let more = false;
		try {
			const expired = announceConsentExpiries(db, now());
			more = expired.length === BATCH;
			if (expired.length) onExpired(expired);
		} catch (error) {
			onError(error);
		}
		if (more && !stopped) timer = setTimeout(tick, 0);
		else arm();
	};
	const arm = () => {
		if (stopped) return;
		clearTimeout(timer);
		let delay = maxWaitMs;
		try {
			const next = nextConsentExpiry(db, now());
			if (next) delay = Math.min(maxWaitMs, Math.max(0, next.getTime() - now().getTime()));
		} catch (error) {
			onError(error);
		}
		timer = setTimeout(tick, delay);
		timer.unref?.();
	};
	tick();
	return {
		rearm: arm,
		stop: () => {
			stopped = true;
			clearTimeout(timer);
		}
	};
}
