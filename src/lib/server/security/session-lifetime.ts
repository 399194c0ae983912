/**
 * How long a session lives (CJIS: 30 minutes idle, 12 hours in all by default). One function
 * decides expiry from the session's times and a clock; the same rule runs on every request,
 * every socket event and the realtime sweep, and ending a session deletes its row (audited), so
 * every channel sees it gone.
 */
import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Conn, Db } from '../db';
import { prepared } from '../db/prepared';
import { session } from '../db/schema';
import type { SessionEnded } from '../commands/events';
import { accountActor } from './audit-fields';
import { inWrite } from '../db/write';

export interface SessionLimits {
	idleMs: number;
	absoluteMs: number;
}

export type ExpiryReason = 'idle' | 'absolute';

export interface SessionTimes {
	createdAt: Date;
	/** better-auth's own end of the session; the absolute limit applies even if this is later. */
	expiresAt: Date;
	lastActiveAt: Date | null;
}

export interface SessionDeps {
	db: Db;
	limits: SessionLimits;
	sessionsEnded: (ended: SessionEnded[]) => void;
}

/** When the session ends at the latest, whatever its activity. */
export function absoluteEnd(times: SessionTimes, limits: SessionLimits): Date {
	return new Date(Math.min(times.createdAt.getTime() + limits.absoluteMs, times.expiresAt.getTime()));
}

/** Why the session is over at `now`, or null while it is alive. */
export function expiryReason(times: SessionTimes, now: Date, limits: SessionLimits): ExpiryReason | null {
	if (now.getTime() >= absoluteEnd(times, limits).getTime()) return 'absolute';
	const lastActive = times.lastActiveAt ?? times.createdAt;
	if (now.getTime() >= lastActive.getTime() + limits.idleMs) return 'idle';
	return null;
}

const columns = {
	id: session.id,
	userId: session.userId,
	ipAddress: session.ipAddress,
	createdAt: session.createdAt,
	expiresAt: session.expiresAt,
	lastActiveAt: session.lastActiveAt,
	noticeAcknowledgedAt: session.noticeAcknowledgedAt
};
interface SessionRow extends SessionTimes {
	id: string;
	userId: string;
	ipAddress: string | null;
	noticeAcknowledgedAt: Date | null;
}

export interface LiveSession {
	endsAt: Date;
	noticeAcknowledged: boolean;
}

/**
 * One request or socket event on a session: ends it when it has expired, otherwise records the
 * activity. Null when the session is over (expired now, or already gone).
 */
// Every socket event and page request touches its session: both statements are prepared once.
const sessionById = prepared((db) =>
	db
		.select(columns)
		.from(session)
		.where(eq(session.id, sql.placeholder('id')))
		.prepare()
);

const markActive = prepared((db) =>
	db
		.update(session)
		.set({ lastActiveAt: sql`${sql.placeholder('at')}` })
		.where(eq(session.id, sql.placeholder('id')))
		.prepare()
);

export function touchSession(deps: SessionDeps, sessionId: string, now: Date): LiveSession | null {
	const row: SessionRow | undefined = sessionById(deps.db).get({ id: sessionId });
	if (!row) return null;
	const reason = expiryReason(row, now, deps.limits);
	if (reason) {
		endExpired(deps, [{ row, reason }]);
		return null;
	}
	const last = row.lastActiveAt?.getTime() ?? 0;
	// Writing on every request is needless; a fraction of the idle limit is precise enough.
	if (now.getTime() - last >= Math.min(15_000, deps.limits.idleMs / 10)) {
		markActive(deps.db).run({ id: sessionId, at: now.getTime() });
	}
	return { endsAt: absoluteEnd(row, deps.limits), noticeAcknowledged: row.noticeAcknowledgedAt !== null };
}

/** Ends every session past its idle or absolute limit; the realtime sweep calls this. */
export function expireSessions(deps: SessionDeps, now: Date): SessionEnded[] {
	const expired: { row: SessionRow; reason: ExpiryReason }[] = [];
	for (const row of deps.db.select(columns).from(session).all()) {
		const reason = expiryReason(row, now, deps.limits);
		if (reason) expired.push({ row, reason });
	}
	return expired.length ? endExpired(deps, expired) : [];
}

/** Deletes expired sessions with one audit entry each (fail closed), then closes their sockets. */
function endExpired(deps: SessionDeps, expired: { row: SessionRow; reason: ExpiryReason }[]): SessionEnded[] {
	const ended = inWrite(deps.db, () => {
		const out: SessionEnded[] = [];
		for (const { row, reason } of expired) {
			const gone = deps.db.delete(session).where(eq(session.id, row.id)).returning({ id: session.id }).get();
			if (!gone) continue; // another path ended it first, and audited it
			recordAudit(deps.db, {
				...accountActor(deps.db, row.userId),
				sourceAddress: row.ipAddress || null,
				action: 'session.expired',
				objectType: 'session',
				objectId: row.id,
				outcome: 'success',
				detail: { reason }
			});
			out.push({ sessionId: row.id, userId: row.userId });
		}
		return out;
	});
	deps.sessionsEnded(ended);
	return ended;
}

/** Deletes every session of a person; the caller announces them once the change is stored. */
export function endSessionsOf(tx: Conn, userId: string): SessionEnded[] {
	return tx
		.delete(session)
		.where(eq(session.userId, userId))
		.returning({ sessionId: session.id, userId: session.userId })
		.all();
}
