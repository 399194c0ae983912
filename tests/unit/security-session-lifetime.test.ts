import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { session } from '../../src/lib/server/db/schema';
import {
	expireSessions,
	expiryReason,
	touchSession,
	type SessionDeps
} from '../../src/lib/server/security/session-lifetime';
import type { SessionEnded } from '../../src/lib/server/commands/events';
import { buildDatabase, buildJurisdiction, buildUser } from '../helpers/factories';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const limits = { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR };
const signedInAt = new Date('2026-03-02T08:00:00Z');
const at = (ms: number) => new Date(signedInAt.getTime() + ms);

let db: Db;
let ended: SessionEnded[];
let deps: SessionDeps;
let sessionId: string;
let userId: string;

beforeEach(() => {
	db = buildDatabase().db;
	const world = buildJurisdiction(db);
	userId = buildUser(db, world, 'case_manager').id;
	ended = [];
	deps = { db, limits, sessionsEnded: (e) => ended.push(...e) };
	sessionId = db
		.insert(session)
		.values({
			token: `token-${Math.random()}`,
			userId,
			ipAddress: '127.0.0.1',
			createdAt: signedInAt,
			updatedAt: signedInAt,
			// better-auth's own end of the session: the absolute limit applies even if this is later.
			expiresAt: at(24 * HOUR)
		})
		.returning()
		.get().id;
});

const stored = () => db.select().from(session).where(eq(session.id, sessionId)).get();
const expiries = () =>
	db
		.select()
		.from(auditEvents)
		.all()
		.filter((e) => e.action === 'session.expired');

describe('idle expiry (30 minutes by default)', () => {
	it('keeps a session that has been quiet for 29:59 and ends one quiet for 30:01', () => {
		const times = { createdAt: signedInAt, expiresAt: at(24 * HOUR), lastActiveAt: null };
		expect(expiryReason(times, at(29 * MINUTE + 59_000), limits)).toBeNull();
		expect(expiryReason(times, at(30 * MINUTE + 1_000), limits)).toBe('idle');
	});

	it('counts from the last activity, not from sign-in', () => {
		expect(touchSession(deps, sessionId, at(20 * MINUTE))).not.toBeNull();
		expect(touchSession(deps, sessionId, at(49 * MINUTE + 59_000))).not.toBeNull();
		expect(stored()?.lastActiveAt).toEqual(at(49 * MINUTE + 59_000));
		expect(touchSession(deps, sessionId, at(80 * MINUTE + 1_000))).toBeNull();
	});

	it('deletes the idle session row, audits the expiry and closes its sockets', () => {
		expect(touchSession(deps, sessionId, at(30 * MINUTE + 1_000))).toBeNull();
		expect(stored()).toBeUndefined();
		expect(ended).toEqual([{ sessionId, userId }]);
		expect(expiries()).toHaveLength(1);
		expect(expiries()[0]).toMatchObject({
			actorUserId: userId,
			objectType: 'session',
			objectId: sessionId,
			outcome: 'success',
			sourceAddress: '127.0.0.1'
		});
		expect(JSON.parse(expiries()[0]!.detail)).toEqual({ reason: 'idle' });
	});

	it('is found by the periodic sweep for a session nobody touches', () => {
		expect(expireSessions(deps, at(29 * MINUTE + 59_000))).toEqual([]);
		expect(stored()).toBeDefined();
		expect(expireSessions(deps, at(30 * MINUTE + 1_000))).toEqual([{ sessionId, userId }]);
		expect(stored()).toBeUndefined();
		expect(expiries()).toHaveLength(1);
	});
});

describe('absolute expiry (12 hours by default)', () => {
	it('ends a session 12 hours after sign-in even when it was busy the whole time', () => {
		for (let t = 10 * MINUTE; t < 12 * HOUR; t += 10 * MINUTE) {
			expect(touchSession(deps, sessionId, at(t)), `alive at ${t / MINUTE} minutes`).not.toBeNull();
		}
		expect(touchSession(deps, sessionId, at(12 * HOUR - 1_000))).not.toBeNull();
		expect(touchSession(deps, sessionId, at(12 * HOUR + 1_000))).toBeNull();
		expect(stored()).toBeUndefined();
		expect(JSON.parse(expiries()[0]!.detail)).toEqual({ reason: 'absolute' });
	});

	it('tells the caller when the session ends at the latest', () => {
		expect(touchSession(deps, sessionId, at(MINUTE))?.endsAt).toEqual(at(12 * HOUR));
	});
});
