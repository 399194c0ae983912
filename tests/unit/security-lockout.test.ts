import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '../../src/lib/server/auth';
import type { Db } from '../../src/lib/server/db';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { user } from '../../src/lib/server/db/schema';
import { DomainError } from '../../src/lib/server/errors';
import { loadActor } from '../../src/lib/server/users';
import { buildDatabase, buildJurisdiction, buildUser } from '../helpers/factories';
import { createUser, setAccountDisabled, unlockAccount } from '../helpers/commands';

const MINUTE = 60_000;
const PASSWORD = 'a quiet harbour at dawn';
const start = new Date('2026-03-02T08:00:00Z');

let db: Db;
let auth: Auth;
let now: Date;
let personId: string;
let adminId: string;

beforeEach(async () => {
	db = buildDatabase().db;
	now = start;
	auth = createAuth({
		db,
		secret: 's'.repeat(32),
		trustedOrigins: [],
		sessionMaxAgeSeconds: 12 * 3600,
		signInPerMinute: 1000,
		onSessionEnded: () => undefined,
		isDisabled: () => false,
		lockout: { maxFailures: 5, windowMs: 15 * MINUTE },
		clock: () => now
	});
	const world = buildJurisdiction(db);
	adminId = buildUser(db, world, 'admin').id;
	const person = await createUser({ db, auth }, null, world.jurisdiction.id, {
		name: 'Robin Vale',
		email: 'robin.vale@lockout.test',
		password: PASSWORD,
		role: 'defender',
		agencyId: world.agencyIds.defense
	});
	personId = person.id;
});

/** A sign-in as a script or the sign-in page makes it: through better-auth's HTTP router. */
const attempt = (password: string) =>
	auth.handler(
		new Request('http://localhost/api/auth/sign-in/email', {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-lead-board-client': '10.0.0.7' },
			body: JSON.stringify({ email: 'robin.vale@lockout.test', password })
		})
	);
/** Failed sign-ins at these minutes after the start of the test. */
async function failAt(minutes: number[]) {
	for (const m of minutes) {
		now = new Date(start.getTime() + m * MINUTE);
		expect((await attempt('not the password at all')).status).toBe(401);
	}
}
const locked = () => Boolean(db.select().from(user).where(eq(user.id, personId)).get()?.lockedAt);
const audited = (action: string) =>
	db
		.select()
		.from(auditEvents)
		.all()
		.filter((e) => e.action === action);
const admin = () => loadActor(db, adminId)!;
const deps = () => ({ db, auth, sessionsEnded: () => undefined });

describe('account lockout', () => {
	it('locks after 5 failed sign-ins within 15 minutes and refuses the sixth even with the right password', async () => {
		await failAt([0, 3, 6, 9]);
		expect(locked()).toBe(false);
		await failAt([12]);
		expect(locked()).toBe(true);
		expect(audited('auth.locked')).toHaveLength(1);
		expect(audited('auth.locked')[0]).toMatchObject({ objectId: personId, sourceAddress: '10.0.0.7' });

		const sixth = await attempt(PASSWORD);
		expect(sixth.status).toBe(403);
		expect(await sixth.json()).toMatchObject({
			code: 'ACCOUNT_LOCKED',
			message: 'This account is locked after too many failed sign-ins. An administrator must unlock it.'
		});
		const refusals = audited('auth.sign_in_failed');
		expect(refusals).toHaveLength(6);
		expect(refusals.at(-1)).toMatchObject({ outcome: 'denied', objectId: personId });
		expect(audited('auth.sign_in')).toHaveLength(0);
	});

	it('does not lock for 5 failures spread over 16 minutes', async () => {
		await failAt([0, 4, 8, 12, 16]);
		expect(locked()).toBe(false);
		expect((await attempt(PASSWORD)).status).toBe(200);
		expect(audited('auth.sign_in')).toHaveLength(1);
	});

	it('counts consecutive failures: a successful sign-in starts the count again', async () => {
		await failAt([0, 1, 2, 3]);
		expect((await attempt(PASSWORD)).status).toBe(200);
		await failAt([4, 5, 6, 7]);
		expect(locked()).toBe(false);
	});

	it('stays locked until an administrator unlocks it; unlocking is audited and resets the count', async () => {
		await failAt([0, 1, 2, 3, 4]);
		now = new Date(start.getTime() + 24 * 60 * MINUTE); // a day later: still locked
		expect((await attempt(PASSWORD)).status).toBe(403);

		unlockAccount(deps(), admin(), { userId: personId }, { sourceAddress: '10.0.0.1' });
		expect(locked()).toBe(false);
		expect(audited('auth.unlocked')).toHaveLength(1);
		expect(audited('auth.unlocked')[0]).toMatchObject({ actorUserId: adminId, objectId: personId });

		await failAt([24 * 60 + 1, 24 * 60 + 2, 24 * 60 + 3, 24 * 60 + 4]);
		expect(locked()).toBe(false);
		expect((await attempt(PASSWORD)).status).toBe(200);
	});

	it('refuses to unlock an account that is not locked, and a non-admin may not unlock', async () => {
		expect(() => unlockAccount(deps(), admin(), { userId: personId })).toThrow('That account is not locked.');
		await failAt([0, 1, 2, 3, 4]);
		const defender = loadActor(db, personId)!;
		expect(() => unlockAccount(deps(), defender, { userId: personId })).toThrow(DomainError);
		expect(locked()).toBe(true);
	});
});

describe('disabled accounts', () => {
	it('refuse a sign-in with the right password, with a clear message, until enabled again', async () => {
		setAccountDisabled(deps(), admin(), { userId: personId }, true);
		const refused = await attempt(PASSWORD);
		expect(refused.status).toBe(403);
		expect(await refused.json()).toMatchObject({ code: 'ACCOUNT_DISABLED' });
		setAccountDisabled(deps(), admin(), { userId: personId }, false);
		expect((await attempt(PASSWORD)).status).toBe(200);
		expect(audited('account.disabled')).toHaveLength(1);
		expect(audited('account.enabled')).toHaveLength(1);
	});

	it('cannot be done by an administrator to their own account', () => {
		expect(() => setAccountDisabled(deps(), admin(), { userId: adminId }, true)).toThrow(
			'You cannot disable your own account.'
		);
	});
});
