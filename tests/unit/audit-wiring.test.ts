import { EventEmitter } from 'node:events';
import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/lib/server/audit';
import { createAuth } from '../../src/lib/server/auth';
import { execute } from '../../src/lib/server/commands/execute';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { participantUpdates } from '../../src/lib/server/db/participants.schema';
import { user } from '../../src/lib/server/db/schema';
import type { BoardEventMap } from '../../src/lib/server/commands/events';
import { buildParticipant, buildWorld, snapshotDatabase, type World } from '../helpers/factories';
import { changeRole, createMeeting, createUser, postUpdate, startMeeting } from '../helpers/commands';

let world: World;
beforeEach(() => {
	world = buildWorld();
});
afterEach(() => world.close());

const now = new Date('2026-03-05T12:00:00.000Z');
const entriesFor = (action: string) =>
	world.db
		.select()
		.from(auditEvents)
		.where(eq(auditEvents.action, action))
		.orderBy(asc(auditEvents.id))
		.all();

/** Makes every audit insert fail, as a full disk or a broken table would. */
function breakAuditStore() {
	world.sqlite.exec(`CREATE TRIGGER audit_events_test_outage BEFORE INSERT ON audit_events
		BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END;`);
}

describe('participant writes', () => {
	it('records one participant.write entry per change, in the change transaction, with kind and seq', () => {
		const p = buildParticipant(world, { now });
		const before = entriesFor('participant.write').length;
		const result = postUpdate(
			world.db,
			world.actors.case_manager,
			{ participantId: p.participantId, body: 'Housing forms in.' },
			{ now, sourceAddress: '203.0.113.9' }
		);
		const written = entriesFor('participant.write');
		expect(written).toHaveLength(before + 1);
		expect(written.at(-1)).toMatchObject({
			actorUserId: world.actors.case_manager.userId,
			actorRole: 'case_manager',
			actorAgencyId: world.actors.case_manager.agencyId,
			jurisdictionId: world.jurisdiction.id,
			sourceAddress: '203.0.113.9',
			objectType: 'participant',
			objectId: p.participantId,
			outcome: 'success',
			at: now.getTime(),
			detail: JSON.stringify({ kind: 'update.posted', seq: result.seq })
		});
		expect(verifyAuditChain(world.db)).toMatchObject({ ok: true });
	});

	it('keeps the update body out of the audit entry', () => {
		const p = buildParticipant(world, { now });
		postUpdate(world.db, world.actors.case_manager, {
			participantId: p.participantId,
			body: 'CANARY-relapse-detail'
		});
		const stored = JSON.stringify(world.db.select().from(auditEvents).all());
		expect(stored).not.toContain('CANARY');
	});

	it('rolls the change back when its audit entry cannot be stored (fail closed)', () => {
		const p = buildParticipant(world, { now });
		breakAuditStore();
		const before = snapshotDatabase(world);
		expect(() =>
			postUpdate(
				world.db,
				world.actors.case_manager,
				{ participantId: p.participantId, body: 'Unaudited.' },
				{ now }
			)
		).toThrow('audit store unavailable');
		expect(snapshotDatabase(world)).toEqual(before);
		expect(
			world.db
				.select()
				.from(participantUpdates)
				.where(eq(participantUpdates.participantId, p.participantId))
				.all()
		).toHaveLength(0);
	});

	it('writes no second entry when an idempotent retry changes nothing', () => {
		const p = buildParticipant(world, { now });
		const input = { participantId: p.participantId, body: 'Once only.' };
		const opts = { now, idempotencyKey: 'retry-key-0001' };
		postUpdate(world.db, world.actors.case_manager, input, opts);
		const after = entriesFor('participant.write').length;
		postUpdate(world.db, world.actors.case_manager, input, opts);
		expect(entriesFor('participant.write')).toHaveLength(after);
	});
});

describe('account changes', () => {
	const auth = () =>
		createAuth({
			db: world.db,
			secret: 's'.repeat(32),
			trustedOrigins: [],
			sessionMaxAgeSeconds: 3600,
			signInPerMinute: 100,
			onSessionEnded: () => undefined,
			isDisabled: () => false
		});
	const input = () => ({
		name: 'Avery Stone',
		email: 'avery.stone@county.test',
		password: 'a long enough password',
		role: 'case_manager',
		agencyId: world.agencyIds.case_management
	});

	it('records account.created with role and agency, never the name, email or password', async () => {
		const created = await createUser(
			{ db: world.db, auth: auth() },
			world.actors.admin,
			world.jurisdiction.id,
			input(),
			{
				sourceAddress: '203.0.113.10'
			}
		);
		const [row] = entriesFor('account.created');
		expect(row).toMatchObject({
			actorUserId: world.actors.admin.userId,
			objectType: 'user',
			objectId: created.id,
			jurisdictionId: world.jurisdiction.id,
			sourceAddress: '203.0.113.10',
			outcome: 'success'
		});
		expect(JSON.parse(row.detail)).toEqual({
			role: 'case_manager',
			agencyId: world.agencyIds.case_management
		});
		expect(JSON.stringify(row)).not.toMatch(/Avery|avery\.stone|long enough/);
	});

	it('creates no account when its audit entry cannot be stored', async () => {
		breakAuditStore();
		await expect(
			createUser({ db: world.db, auth: auth() }, world.actors.admin, world.jurisdiction.id, input())
		).rejects.toThrow('audit store unavailable');
		expect(world.db.select().from(user).where(eq(user.email, 'avery.stone@county.test')).all()).toHaveLength(
			0
		);
	});

	it('records account.role_changed with the old and new role, and keeps the old role if that fails', () => {
		const target = world.users.police_officer;
		const deps = { db: world.db, auth: auth(), sessionsEnded: () => undefined };
		const change = { userId: target.id, role: 'police_sergeant', agencyId: target.agencyId };
		changeRole(deps, world.actors.admin, change);
		const [row] = entriesFor('account.role_changed');
		expect(row).toMatchObject({
			objectType: 'user',
			objectId: target.id,
			actorUserId: world.actors.admin.userId
		});
		expect(JSON.parse(row.detail)).toMatchObject({ fromRole: 'police_officer', toRole: 'police_sergeant' });

		breakAuditStore();
		expect(() => changeRole(deps, world.actors.admin, { ...change, role: 'prosecutor' })).toThrow(
			'audit store unavailable'
		);
		const stored = world.db
			.select({ role: user.role })
			.from(user)
			.where(and(eq(user.id, target.id)))
			.get();
		expect(stored?.role).toBe('police_sergeant');
	});
});

describe('refused writes', () => {
	const board = () => ({ db: world.db, events: new EventEmitter<BoardEventMap>() });

	it('records a participant change the policy refuses as denied, naming who, what and where, and changes nothing else', async () => {
		const p = buildParticipant(world, { now });
		const before = snapshotDatabase(world);
		const attempt = () =>
			execute(
				board(),
				world.actors.evaluator,
				'update.post',
				{ participantId: p.participantId, body: 'Seen at the shelter.' },
				{ sourceAddress: '198.51.100.4' }
			);
		await expect(attempt()).rejects.toThrow('You are not allowed to do that.');
		const denied = entriesFor('participant.write').filter((e) => e.outcome === 'denied');
		expect(denied).toHaveLength(1);
		expect(denied[0]).toMatchObject({
			actorUserId: world.actors.evaluator.userId,
			actorRole: 'evaluator',
			sourceAddress: '198.51.100.4',
			objectType: 'participant',
			objectId: p.participantId,
			detail: JSON.stringify({ kind: 'update.post' })
		});
		expect(JSON.stringify(denied)).not.toContain('shelter');
		const after = snapshotDatabase(world);
		expect({ ...after.counts, audit_events: 0 }).toEqual({ ...before.counts, audit_events: 0 });
		expect(after.counts.audit_events).toBe(before.counts.audit_events + 1);
		expect(verifyAuditChain(world.db)).toMatchObject({ ok: true });
	});

	it('records no denial for bad input, which is not an access attempt', async () => {
		const p = buildParticipant(world, { now });
		const before = entriesFor('participant.write').length;
		const attempt = () =>
			execute(board(), world.actors.case_manager, 'update.post', {
				participantId: p.participantId
			});
		await expect(attempt()).rejects.toThrow();
		expect(entriesFor('participant.write')).toHaveLength(before);
	});

	it('records a meeting change the policy refuses as denied', () => {
		const { meetingId } = createMeeting(
			world.db,
			world.actors.facilitator,
			{
				kind: 'operational_workgroup',
				startsAt: now.toISOString(),
				invitedAgencyIds: [world.agencyIds.police, world.agencyIds.program]
			},
			{ now }
		).data;
		expect(() =>
			startMeeting(world.db, world.actors.police_officer, { meetingId, expectedVersion: 1 })
		).toThrow('You are not allowed to do that');
		const denied = entriesFor('meeting.write').filter((e) => e.outcome === 'denied');
		expect(denied).toHaveLength(1);
		expect(denied[0]).toMatchObject({
			actorUserId: world.actors.police_officer.userId,
			objectType: 'meeting',
			objectId: meetingId,
			detail: JSON.stringify({ kind: 'meeting.started' })
		});
	});
});
