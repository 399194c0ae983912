/**
 * Account lockout after repeated failed sign-ins (CJIS: 5 within 15 minutes by default). Failures
 * are counted per account in a sliding window; reaching the limit locks the account until an
 * administrator unlocks it. The caller passes the time, so tests hold a fake clock.
 */
import { and, count, eq, gt, lte } from 'drizzle-orm';
import { user } from '../db/schema';
import { signInFailures } from '../db/security.schema';
import type { Conn } from '../db';
import { inWrite } from '../db/write';

export interface LockoutPolicy {
	maxFailures: number;
	windowMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMs: 15 * 60_000 };

export function isLocked(conn: Conn, userId: string): boolean {
	const row = conn.select({ lockedAt: user.lockedAt }).from(user).where(eq(user.id, userId)).get();
	return Boolean(row?.lockedAt);
}

/**
 * Records one failed sign-in against an account. Returns the failures inside the window and
 * whether this one locked the account (so the caller audits the lock exactly once).
 */
export function recordFailure(
	conn: Conn,
	userId: string,
	now: Date,
	policy: LockoutPolicy
): { failures: number; lockedNow: boolean } {
	const windowStart = new Date(now.getTime() - policy.windowMs);
	return inWrite(conn, () => {
		// Failures older than the window never count again; dropping them keeps the table small.
		conn
			.delete(signInFailures)
			.where(and(eq(signInFailures.userId, userId), lte(signInFailures.failedAt, windowStart)))
			.run();
		conn.insert(signInFailures).values({ userId, failedAt: now }).run();
		const failures =
			conn
				.select({ n: count() })
				.from(signInFailures)
				.where(and(eq(signInFailures.userId, userId), gt(signInFailures.failedAt, windowStart)))
				.get()?.n ?? 0;
		if (failures < policy.maxFailures || isLocked(conn, userId)) return { failures, lockedNow: false };
		conn.update(user).set({ lockedAt: now }).where(eq(user.id, userId)).run();
		return { failures, lockedNow: true };
	});
}

/** A successful sign-in starts the count again: the limit is on consecutive failures. */
export function clearFailures(conn: Conn, userId: string): void {
	conn.delete(signInFailures).where(eq(signInFailures.userId, userId)).run();
}

/** Lifts a lock and forgets the failures that caused it. Returns whether the account was locked. */
export function unlock(conn: Conn, userId: string): boolean {
	const wasLocked = isLocked(conn, userId);
	inWrite(conn, () => {
		conn.update(user).set({ lockedAt: null }).where(eq(user.id, userId)).run();
		clearFailures(conn, userId);
	});
	return wasLocked;
}
