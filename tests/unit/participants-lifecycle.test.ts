import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
	PARTICIPANT_STATUSES,
	statusChanges,
	type ParticipantStatus
} from '../../src/lib/server/db/participants.schema';
import { TRANSITIONS, assertTransition, canTransition } from '../../src/lib/server/participants/lifecycle';
import { participantCardView, participantDetailView } from '../../src/lib/server/participants/views';
import { buildParticipant, buildWorld, referralInput, type World } from '../helpers/factories';
import { changeStatus, createReferral, overrideEligibility } from '../helpers/commands';

const now = new Date('2026-03-05T12:00:00Z');

/**
 * The status changes that bring a freshly referred participant to each status (a screened-out
 * referral is made by the screening, never by a status change).
 */
const PATH_TO: Partial<Record<ParticipantStatus, Array<{ to: ParticipantStatus; exitReason?: string }>>> = {
	referred: [],
	assessment_pending: [{ to: 'assessment_pending' }],
	enrolled: [{ to: 'enrolled' }],
	inactive: [{ to: 'enrolled' }, { to: 'inactive' }],
	unable_to_locate: [{ to: 'unable_to_locate' }],
	exited: [{ to: 'exited', exitReason: 'moved' }]
};

function participantAt(world: World, status: ParticipantStatus) {
	const p = buildParticipant(world);
	let version = p.version;
	for (const step of PATH_TO[status]!) {
		version = changeStatus(
			world.db,
			world.actors.case_manager,
			{ participantId: p.participantId, reason: 'Setting up.', expectedVersion: version, ...step },
			{ now }
		).version;
	}
	return { participantId: p.participantId, version };
}

const ALLOWED = Object.entries(TRANSITIONS).flatMap(([from, tos]) =>
	tos.map((to) => [from, to] as [ParticipantStatus, ParticipantStatus])
);

describe('status lifecycle', () => {
	let world: World;
	afterEach(() => world?.close());

	it('has no "failed" status: no one fails LEAD', () => {
		expect(PARTICIPANT_STATUSES as readonly string[]).not.toContain('failed');
		expect(() => assertTransition('enrolled', 'failed' as ParticipantStatus)).toThrow();
	});

	it.each(ALLOWED)('allows %s → %s and records who, when and why', (from, to) => {
		world = buildWorld();
		const p = participantAt(world, from);
		const at = new Date('2026-03-06T12:00:00Z');
		const exitReason = to === 'exited' ? 'graduated' : undefined;
		const result = changeStatus(
			world.db,
			world.actors.case_manager,
			{
				participantId: p.participantId,
				to,
				reason: `Because ${to}.`,
				exitReason,
				expectedVersion: p.version
			},
			{ now: at }
		);
		expect(result).toMatchObject({ status: to, version: p.version + 1 });
		const last = world.db
			.select()
			.from(statusChanges)
			.where(eq(statusChanges.participantId, p.participantId))
			.all()
			.at(-1);
		expect(last).toMatchObject({
			fromStatus: from,
			toStatus: to,
			reason: `Because ${to}.`,
			changedByUserId: world.users.case_manager.id,
			createdAt: at
		});
		expect(participantCardView(world.db, world.actors.police_officer, p.participantId).status).toBe(to);
	});

	it.each<[ParticipantStatus, ParticipantStatus, RegExp]>([
		['exited', 'assessment_pending', /only through a new referral/],
		['exited', 'enrolled', /only through a new referral/],
		['enrolled', 'assessment_pending', /cannot go from Enrolled/],
		['inactive', 'assessment_pending', /cannot go from Inactive/],
		['referred', 'inactive', /cannot go from Referred/],
		['enrolled', 'enrolled', /cannot go from Enrolled/]
	])('refuses %s → %s with a clear message and writes nothing', (from, to, message) => {
		world = buildWorld();
		const p = participantAt(world, from);
		const before = world.db.select().from(statusChanges).all().length;
		expect(() =>
			changeStatus(
				world.db,
				world.actors.case_manager,
				{ participantId: p.participantId, to, reason: 'Try.', expectedVersion: p.version },
				{ now }
			)
		).toThrow(expect.objectContaining({ code: 'invalid_input', message: expect.stringMatching(message) }));
		expect(world.db.select().from(statusChanges).all().length).toBe(before);
		expect(participantCardView(world.db, world.actors.case_manager, p.participantId).version).toBe(p.version);
	});

	it('never sets "referred" by a status change', () => {
		world = buildWorld();
		const p = participantAt(world, 'enrolled');
		expect(() =>
			changeStatus(world.db, world.actors.case_manager, {
				participantId: p.participantId,
				to: 'referred',
				reason: 'x',
				expectedVersion: p.version
			})
		).toThrow(
			expect.objectContaining({
				code: 'invalid_input',
				fields: expect.objectContaining({ to: expect.any(String) })
			})
		);
	});

	it('needs an exit reason to exit, and takes none otherwise', () => {
		world = buildWorld();
		const p = participantAt(world, 'enrolled');
		const base = { participantId: p.participantId, reason: 'x', expectedVersion: p.version };
		expect(() => changeStatus(world.db, world.actors.case_manager, { ...base, to: 'exited' })).toThrow(
			expect.objectContaining({ fields: expect.objectContaining({ exitReason: expect.any(String) }) })
		);
		expect(() =>
			changeStatus(world.db, world.actors.case_manager, { ...base, to: 'inactive', exitReason: 'moved' })
		).toThrow(expect.objectContaining({ code: 'invalid_input' }));
		expect(() =>
			changeStatus(world.db, world.actors.case_manager, { ...base, to: 'exited', exitReason: 'failed' })
		).toThrow(expect.objectContaining({ code: 'invalid_input' }));
	});

	it('re-enters an exited participant only through a new referral, which starts a new clock', () => {
		world = buildWorld();
		const p = participantAt(world, 'exited');
		const later = new Date('2026-09-01T18:00:00Z');
		const again = createReferral(
			world.db,
			world.actors.police_officer,
			{
				...referralInput({ occurredAt: later.toISOString() }),
				person: undefined,
				participantId: p.participantId,
				expectedVersion: p.version
			},
			{ now: later }
		);
		expect(again).toMatchObject({
			participantId: p.participantId,
			status: 'referred',
			version: p.version + 1
		});
		const card = participantCardView(world.db, world.actors.police_officer, p.participantId, { now: later });
		expect(card).toMatchObject({ status: 'referred', exitReason: null, assessment: { daysLeft: 30 } });
		const detail = participantDetailView(world.db, world.actors.case_manager, p.participantId, {
			now: later
		});
		expect(detail.referrals).toHaveLength(2);
		expect(detail.timeline[1].text).toContain('Re-referred by arrest diversion');
	});

	it('refuses a new referral for someone who is still in LEAD', () => {
		world = buildWorld();
		const p = participantAt(world, 'enrolled');
		expect(() =>
			createReferral(
				world.db,
				world.actors.police_officer,
				{ ...referralInput(), person: undefined, participantId: p.participantId, expectedVersion: p.version },
				{ now }
			)
		).toThrow(
			expect.objectContaining({ code: 'invalid_input', message: expect.stringMatching(/already in LEAD/) })
		);
	});

	it('enrols an ineligible referral only after a facilitator override', () => {
		world = buildWorld();
		const p = buildParticipant(world, { input: { facts: { grams: 9 } } });
		expect(p.screening.result).toBe('ineligible');
		const enrol = (v: number) =>
			changeStatus(
				world.db,
				world.actors.case_manager,
				{ participantId: p.participantId, to: 'enrolled', reason: 'Assessed.', expectedVersion: v },
				{ now }
			);
		expect(() => enrol(p.version)).toThrow(
			expect.objectContaining({ code: 'invalid_input', message: expect.stringMatching(/override/) })
		);
		overrideEligibility(
			world.db,
			world.actors.facilitator,
			{
				participantId: p.participantId,
				screeningId: p.screening.id,
				reason: 'Shared supply weighed together.',
				expectedVersion: 1
			},
			{ now }
		);
		// The override lets the referral go ahead (the participant is referred again), then enrolment follows.
		const referred = participantCardView(world.db, world.actors.case_manager, p.participantId, { now });
		expect(referred.status).toBe('referred');
		expect(enrol(referred.version).status).toBe('enrolled');
	});

	it('refers an inactive participant again on the same record', () => {
		world = buildWorld();
		const p = participantAt(world, 'inactive');
		const again = createReferral(
			world.db,
			world.actors.police_officer,
			{ ...referralInput(), person: undefined, participantId: p.participantId, expectedVersion: p.version },
			{ now }
		);
		expect(again).toMatchObject({ participantId: p.participantId, status: 'referred' });
		const detail = participantDetailView(world.db, world.actors.case_manager, p.participantId, { now });
		expect(detail.referrals).toHaveLength(2);
	});

	it('keeps the transition table closed: every pair not listed is refused', () => {
		for (const from of PARTICIPANT_STATUSES) {
			for (const to of PARTICIPANT_STATUSES) {
				expect(canTransition(from, to)).toBe(TRANSITIONS[from].includes(to));
				if (!TRANSITIONS[from].includes(to)) expect(() => assertTransition(from, to)).toThrow();
			}
		}
		expect(TRANSITIONS.exited).toEqual([]);
	});
});
