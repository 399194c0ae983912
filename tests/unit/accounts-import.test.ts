/**
 * People in bulk: a CSV of people checked in a dry run, then created without passwords, each with
 * a one-time sign-in link that works once and runs out; the same file twice creates nothing twice.
 */
import { EventEmitter } from 'node:events';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuth } from '../../src/lib/server/auth';
import { execute } from '../../src/lib/server/commands/execute';
import type { BoardEventMap } from '../../src/lib/server/commands/events';
import { account, auditEvents, user, verification } from '../../src/lib/server/db/schema';
import { DomainError } from '../../src/lib/server/errors';
import { INVITATION_DAYS, invitationHolder } from '../../src/lib/server/invitations';
import type { Actor } from '../../src/lib/server/policy';
import { listUsers, loadActor } from '../../src/lib/server/users';
import type { AccountImportReport } from '../../src/lib/shared/imports';
import { buildJurisdiction, buildUser, buildWorld, snapshotDatabase, type World } from '../helpers/factories';
import { accountsFile } from '../helpers/imports';

let world: World;
let auth: ReturnType<typeof createAuth>;
beforeEach(() => {
	world = buildWorld();
	auth = createAuth({
		db: world.db,
		secret: 's'.repeat(32),
		trustedOrigins: [],
		sessionMaxAgeSeconds: 3600,
		signInPerMinute: 100,
		onSessionEnded: () => undefined,
		isDisabled: () => false
	});
});
afterEach(() => world.close());

const deps = () => ({ db: world.db, auth, events: new EventEmitter<BoardEventMap>() });
const run = (actor: Actor, rows: Record<string, string>[], dryRun: boolean, now?: Date) =>
	execute(
		deps(),
		actor,
		'accounts.import',
		{ file: accountsFile(rows), dryRun },
		{ now }
	) as Promise<AccountImportReport>;

let rows: Record<string, string>[];
beforeEach(() => {
	const named = (kind: keyof World['agencyIds']) =>
		world.db.query.agencies.findFirst({ where: (a, { eq }) => eq(a.id, world.agencyIds[kind]) }).sync()!.name;
	rows = [
		{
			email: 'Dana.Whitfield@County.gov',
			name: 'Dana Whitfield',
			role: 'Case manager',
			agency: named('case_management')
		},
		{ email: 'sam.ortiz@county.gov', name: 'Sam Ortiz', role: 'police_officer', agency: 'police' },
		{ email: 'not-an-email', name: 'Lee', role: 'Sheriff', agency: 'Nowhere' },
		{ email: 'sam.ortiz@county.gov', name: 'Sam Again', role: 'Prosecutor', agency: 'prosecution' }
	];
});

describe('a dry run', () => {
	it('lists who would get an account and every problem, and changes nothing', async () => {
		const before = snapshotDatabase(world);
		const report = await run(world.actors.admin, rows, true);
		expect(report.created.map((c) => [c.line, c.email, c.role])).toEqual([
			[2, 'dana.whitfield@county.gov', 'Case manager'],
			[3, 'sam.ortiz@county.gov', 'Police officer']
		]);
		expect(report.problems).toEqual([
			{
				line: 4,
				key: 'not-an-email',
				message: expect.stringMatching(
					/"not-an-email" is not an email address\. The role "Sheriff" is not one .* No agency named "Nowhere"/
				)
			},
			{ line: 5, key: 'sam.ortiz@county.gov', message: 'sam.ortiz@county.gov is on line 3 already.' }
		]);
		expect(report.invitations).toEqual([]);
		expect(snapshotDatabase(world)).toEqual(before);
	});
});

describe('the real run', () => {
	it('creates each account without a password, with a one-time link, and audits each one', async () => {
		const report = await run(world.actors.admin, rows, false);
		expect(report.invitations.map((i) => i.email)).toEqual([
			'dana.whitfield@county.gov',
			'sam.ortiz@county.gov'
		]);
		const dana = world.db.select().from(user).where(eq(user.email, 'dana.whitfield@county.gov')).get()!;
		expect(dana).toMatchObject({ role: 'case_manager', agencyId: world.agencyIds.case_management });
		const listed = listUsers(world.db, world.actors.admin).find((u) => u.id === dana.id)!;
		expect(listed.awaitingFirstSignIn).toBe(true);
		const actions = world.db
			.select({ action: auditEvents.action, detail: auditEvents.detail })
			.from(auditEvents)
			.all();
		expect(actions.filter((a) => a.action === 'account.created')).toHaveLength(2);
		const imported = actions.find((a) => a.action === 'accounts.imported')!;
		expect(JSON.parse(imported.detail!)).toEqual({ rows: 4, created: 2, unchanged: 0, problems: 2 });
		// Only a digest of each link's secret is kept anywhere.
		const stored =
			JSON.stringify(snapshotDatabase(world)) + JSON.stringify(world.db.select().from(verification).all());
		for (const i of report.invitations) expect(stored).not.toContain(i.token);
	});

	it('creates nothing twice when the same file is imported again', async () => {
		await run(world.actors.admin, rows, false);
		const again = await run(world.actors.admin, rows, false);
		expect(again.created).toEqual([]);
		expect(again.unchanged).toEqual([
			{ line: 2, key: 'dana.whitfield@county.gov' },
			{ line: 3, key: 'sam.ortiz@county.gov' }
		]);
		expect(world.db.select().from(user).where(eq(user.email, 'sam.ortiz@county.gov')).all()).toHaveLength(1);
	});

	it('refuses an email another program uses, without saying which', async () => {
		const other = buildJurisdiction(world.db, { name: 'Albany' });
		const taken = buildUser(world.db, other, 'police_officer');
		const report = await run(world.actors.admin, [{ ...rows[1], email: taken.email }], true);
		expect(report.problems.map((p) => p.message)).toEqual(['That email already has an account.']);
	});

	it('is for administrators only', async () => {
		await expect(run(world.actors.facilitator, rows, false)).rejects.toThrow(DomainError);
		expect(world.db.select().from(user).where(eq(user.email, 'sam.ortiz@county.gov')).get()).toBeUndefined();
	});
});

describe('the one-time sign-in link', () => {
	const now = new Date('2026-03-02T12:00:00Z');
	const link = async () => (await run(world.actors.admin, rows, false, now)).invitations[0];
	const holderActor = (userId: string) => loadActor(world.db, userId)!;
	const choose = (token: string, userId: string, at = now) =>
		execute(
			deps(),
			holderActor(userId),
			'account.acceptInvitation',
			{ token, password: 'a long first password' },
			{ now: at }
		);

	it('sets the password once; the same link then no longer works', async () => {
		const { token, userId } = await link();
		expect(invitationHolder(world.db, token, now)).toBe(userId);
		await choose(token, userId);
		const hash = world.db
			.select({ password: account.password })
			.from(account)
			.where(and(eq(account.userId, userId), eq(account.providerId, 'credential')))
			.get()!.password!;
		expect(await (await auth.$context).password.verify({ hash, password: 'a long first password' })).toBe(
			true
		);
		expect(invitationHolder(world.db, token, now)).toBeNull();
		await expect(choose(token, userId)).rejects.toThrow(/expired or has been used/);
	});

	it(`runs out after ${INVITATION_DAYS} days`, async () => {
		const { token, userId } = await link();
		const later = new Date(now.getTime() + INVITATION_DAYS * 86_400_000 + 1000);
		expect(invitationHolder(world.db, token, later)).toBeNull();
		await expect(choose(token, userId, later)).rejects.toThrow(/expired or has been used/);
	});

	it('is replaced by a new link, which the old one then no longer opens', async () => {
		const first = await link();
		const renewed = (await execute(
			deps(),
			world.actors.admin,
			'account.invite',
			{ userId: first.userId },
			{ now }
		)) as {
			token: string;
		};
		expect(invitationHolder(world.db, first.token, now)).toBeNull();
		expect(invitationHolder(world.db, renewed.token, now)).toBe(first.userId);
	});

	it('is not issued to someone who has chosen a password', async () => {
		const { token, userId } = await link();
		await choose(token, userId);
		await expect(execute(deps(), world.actors.admin, 'account.invite', { userId })).rejects.toThrow(
			/chosen a password already/
		);
	});

	it("does not open someone else's account", async () => {
		const report = await run(world.actors.admin, rows, false, now);
		const [dana, sam] = report.invitations;
		await expect(choose(dana.token, sam.userId)).rejects.toThrow(/expired or has been used/);
	});
});
