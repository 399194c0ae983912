import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../src/lib/server/auth';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { auditEvents, jurisdictions, session, twoFactor, user } from '../../src/lib/server/db/schema';
import { DEMO_ACCOUNTS, seedDemo } from '../../src/lib/server/demo/seed';
import { DomainError } from '../../src/lib/server/errors';
import { listAgencies, loadActor } from '../../src/lib/server/users';
import { changeRole, createUser, resetTwoFactor } from '../helpers/commands';

let db: Db;
let sqlite: ReturnType<typeof openDatabase>['sqlite'];
let auth: ReturnType<typeof createAuth>;
let jurisdictionId: string;
const ended: string[] = [];

beforeAll(async () => {
	({ db, sqlite } = openDatabase(':memory:'));
	auth = createAuth({
		db,
		secret: 's'.repeat(32),
		trustedOrigins: [],
		sessionMaxAgeSeconds: 3600,
		signInPerMinute: 100,
		onSessionEnded: () => undefined,
		isDisabled: () => false
	});
	jurisdictionId = (await seedDemo({ db, auth })).jurisdictionId;
});

const actorFor = (email: string) => {
	const row = db.select().from(user).where(eq(user.email, email)).get()!;
	return loadActor(db, row.id)!;
};
const deps = () => ({
	db,
	auth,
	sessionsEnded: (e: { sessionId: string }[]) => ended.push(...e.map((s) => s.sessionId))
});

describe('the demo seed', () => {
	it('creates King County (demo) with one account per role, once', async () => {
		expect(db.select().from(user).all()).toHaveLength(DEMO_ACCOUNTS.length);
		const again = await seedDemo({ db, auth });
		expect(again.created).toBe(false);
		expect(
			db
				.select()
				.from(jurisdictions)
				.all()
				.map((j) => j.name)
		).toEqual(['King County (demo)']);
		expect(
			new Set(
				db
					.select()
					.from(user)
					.all()
					.map((u) => u.role)
			).size
		).toBe(DEMO_ACCOUNTS.length);
	});
});

describe('creating accounts', () => {
	it('stores a hashed password, never the password itself', async () => {
		const admin = actorFor('admin@demo.test');
		const agency = listAgencies(db, jurisdictionId).find((a) => a.kind === 'defense')!;
		const created = await createUser(deps(), admin, jurisdictionId, {
			name: 'Robin Vale',
			email: 'Robin.Vale@demo.test',
			password: 'correct horse battery',
			role: 'defender',
			agencyId: agency.id
		});
		expect(created.email).toBe('robin.vale@demo.test');
		const stored =
			JSON.stringify(db.select().from(user).all()) +
			JSON.stringify(sqlite.prepare('select * from account').all());
		expect(stored).not.toContain('correct horse battery');
		const ok = await auth.api.signInEmail({
			body: { email: 'robin.vale@demo.test', password: 'correct horse battery' }
		});
		expect(ok.user.id).toBe(created.id);
	});

	it('refuses a role that may not manage accounts', async () => {
		const officer = actorFor('officer@demo.test');
		await expect(
			createUser(deps(), officer, jurisdictionId, {
				name: 'X Y',
				email: 'x@demo.test',
				password: 'p'.repeat(12),
				role: 'admin',
				agencyId: 'a'
			})
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('names every bad field and writes nothing', async () => {
		const admin = actorFor('admin@demo.test');
		const before = db.select().from(user).all().length;
		const error = await createUser(deps(), admin, jurisdictionId, {
			name: '',
			email: 'nope',
			password: 'short',
			role: 'sheriff',
			agencyId: '',
			isAdmin: true
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DomainError);
		expect(Object.keys((error as DomainError).fields ?? {})).toEqual(
			expect.arrayContaining(['name', 'email', 'password', 'role', 'agencyId'])
		);
		expect(db.select().from(user).all()).toHaveLength(before);
	});

	it('refuses an agency of another jurisdiction', async () => {
		const admin = actorFor('admin@demo.test');
		await expect(
			createUser(deps(), admin, jurisdictionId, {
				name: 'Sam Hill',
				email: 'sam.hill@demo.test',
				password: 'a long password',
				role: 'case_manager',
				agencyId: 'not-an-agency-here'
			})
		).rejects.toMatchObject({ code: 'invalid_input', fields: { agencyId: 'Choose an agency' } });
	});
});

describe('changing a role', () => {
	it('changes the role and ends every session of that person', async () => {
		const admin = actorFor('admin@demo.test');
		const officer = actorFor('officer@demo.test');
		const signedIn = await auth.api.signInEmail({
			body: { email: 'officer@demo.test', password: 'lead-demo-board' }
		});
		expect(signedIn.token).toBeTruthy();
		const police = listAgencies(db, jurisdictionId).find((a) => a.kind === 'police')!;
		changeRole(deps(), admin, { userId: officer.userId, role: 'police_sergeant', agencyId: police.id });
		expect(loadActor(db, officer.userId)?.role).toBe('police_sergeant');
		expect(db.select().from(session).where(eq(session.userId, officer.userId)).all()).toEqual([]);
		expect(ended.length).toBeGreaterThan(0);
	});
});

describe('resetting two-step sign-in', () => {
	const secretsOf = (userId: string) => db.select().from(twoFactor).where(eq(twoFactor.userId, userId)).all();

	it("removes the lost authenticator, turns two-step off and ends the person's sessions, audited", async () => {
		const admin = actorFor('admin@demo.test');
		const supervisor = actorFor('supervisor@demo.test');
		expect(secretsOf(supervisor.userId)).toHaveLength(1);
		db.insert(session)
			.values({
				id: 'supervisor-session',
				token: 'supervisor-token',
				userId: supervisor.userId,
				expiresAt: new Date(Date.now() + 60_000),
				createdAt: new Date(),
				updatedAt: new Date()
			})
			.run();
		ended.length = 0;

		resetTwoFactor(deps(), admin, { userId: supervisor.userId }, { sourceAddress: '10.0.0.7' });

		expect(secretsOf(supervisor.userId)).toEqual([]);
		expect(db.select().from(user).where(eq(user.id, supervisor.userId)).get()?.twoFactorEnabled).toBe(false);
		expect(db.select().from(session).where(eq(session.userId, supervisor.userId)).all()).toEqual([]);
		expect(ended).toContain('supervisor-session');
		const entry = db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'auth.two_factor_reset'))
			.all()
			.at(-1);
		expect(entry).toMatchObject({
			actorUserId: admin.userId,
			objectId: supervisor.userId,
			outcome: 'success',
			sourceAddress: '10.0.0.7'
		});
	});

	it("refuses an account without two-step sign-in, the administrator's own, and anyone but an administrator", () => {
		const admin = actorFor('admin@demo.test');
		const facilitator = actorFor('facilitator@demo.test');
		const defender = actorFor('defender@demo.test');
		const before = db.select().from(auditEvents).all().length;
		expect(() => resetTwoFactor(deps(), admin, { userId: defender.userId })).toThrow(
			'That person has not set up two-step sign-in.'
		);
		expect(() => resetTwoFactor(deps(), admin, { userId: admin.userId })).toThrow(
			'Another administrator must reset your own two-step sign-in.'
		);
		expect(() => resetTwoFactor(deps(), facilitator, { userId: defender.userId })).toThrow(DomainError);
		expect(() => resetTwoFactor(deps(), admin, { userId: 'nobody' })).toThrow(DomainError);
		// Nothing changed; the one attempt by someone who may not manage accounts is on record as denied.
		const added = db.select().from(auditEvents).all().slice(before);
		expect(added.map((e) => [e.actorUserId, e.action, e.objectId, e.outcome])).toEqual([
			[facilitator.userId, 'auth.two_factor_reset', defender.userId, 'denied']
		]);
	});
});
