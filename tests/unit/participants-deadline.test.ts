import { afterEach, describe, expect, it } from 'vitest';
import { assessmentDueAt, daysLeft, deadlineState } from '../../src/lib/server/participants/deadline';
import { localDate } from '../../src/lib/shared/zoned';
import { participantCardView } from '../../src/lib/server/participants/views';
import { buildParticipant, buildWorld, referralInput, type World } from '../helpers/factories';
import { changeStatus, createReferral, recordDeadlineOutcome } from '../helpers/commands';

const LA = 'America/Los_Angeles';
const NY = 'America/New_York';
const DAY = 86_400_000;

describe('assessment deadline arithmetic', () => {
	it('is due at the end of the local day 30 days after the referral date', () => {
		const due = assessmentDueAt(new Date('2026-04-10T17:00:00Z'), LA, 30); // 10:00 PDT on April 10
		expect(due.toISOString()).toBe('2026-05-11T06:59:59.999Z'); // 23:59:59.999 PDT on May 10
		expect(localDate(due, LA)).toBe('2026-05-10');
	});

	it('uses a 14-day window when the jurisdiction sets one', () => {
		const due = assessmentDueAt(new Date('2026-04-10T17:00:00Z'), LA, 14);
		expect(due.toISOString()).toBe('2026-04-25T06:59:59.999Z');
		expect(daysLeft(due, new Date('2026-04-10T17:00:00Z'), LA)).toBe(14);
	});

	it('counts a referral at 23:30 local time from that local date, though UTC is already the next day', () => {
		const referredAt = new Date('2026-01-16T07:30:00Z'); // 23:30 PST on January 15
		expect(localDate(referredAt, LA)).toBe('2026-01-15');
		const due = assessmentDueAt(referredAt, LA, 30);
		expect(due.toISOString()).toBe('2026-02-15T07:59:59.999Z'); // end of February 14 PST
		expect(daysLeft(due, referredAt, LA)).toBe(30);
		// Thirty minutes later it is the next local day: one day fewer.
		expect(daysLeft(due, new Date(referredAt.getTime() + 31 * 60_000), LA)).toBe(29);
	});

	it('counts calendar days across the spring daylight-saving change', () => {
		const referredAt = new Date('2026-03-01T20:00:00Z'); // noon PST; DST starts March 8
		const due = assessmentDueAt(referredAt, LA, 30);
		expect(due.toISOString()).toBe('2026-04-01T06:59:59.999Z'); // end of March 31 PDT (UTC-7)
		expect(daysLeft(due, new Date('2026-03-08T07:30:00Z'), LA)).toBe(24); // 23:30 PST on March 7
		expect(daysLeft(due, new Date('2026-03-08T08:30:00Z'), LA)).toBe(23); // 00:30 PST on March 8
		expect(daysLeft(due, new Date('2026-03-08T10:30:00Z'), LA)).toBe(23); // 03:30 PDT on March 8 (a 23-hour day)
		expect(daysLeft(due, new Date('2026-03-09T06:59:00Z'), LA)).toBe(23); // 23:59 PDT on March 8
		expect(daysLeft(due, new Date('2026-03-09T07:30:00Z'), LA)).toBe(22); // 00:30 PDT on March 9
	});

	it('counts calendar days across the autumn daylight-saving change', () => {
		const referredAt = new Date('2026-10-20T18:00:00Z'); // 11:00 PDT; DST ends November 1
		const due = assessmentDueAt(referredAt, LA, 30);
		expect(due.toISOString()).toBe('2026-11-20T07:59:59.999Z'); // end of November 19 PST (UTC-8)
		expect(daysLeft(due, new Date('2026-10-31T07:30:00Z'), LA)).toBe(19); // 00:30 PDT October 31
		expect(daysLeft(due, new Date('2026-11-01T07:30:00Z'), LA)).toBe(18); // 00:30 PDT November 1
		expect(daysLeft(due, new Date('2026-11-02T07:30:00Z'), LA)).toBe(18); // 23:30 PST November 1 (a 25-hour day)
		expect(daysLeft(due, new Date('2026-11-02T08:30:00Z'), LA)).toBe(17); // 00:30 PST November 2
	});

	it('uses the jurisdiction time zone, not the server one', () => {
		const referredAt = new Date('2026-06-02T03:30:00Z'); // 23:30 EDT June 1, 20:30 PDT June 1
		expect(assessmentDueAt(referredAt, NY, 14).toISOString()).toBe('2026-06-16T03:59:59.999Z');
		expect(assessmentDueAt(referredAt, LA, 14).toISOString()).toBe('2026-06-16T06:59:59.999Z');
	});

	it('is due (0 days left) on the due date, overdue the next local day, and counts overdue days', () => {
		const due = assessmentDueAt(new Date('2026-04-10T17:00:00Z'), LA, 30);
		expect(deadlineState(due, due, LA)).toMatchObject({ daysLeft: 0, overdue: false, dueSoon: true });
		expect(deadlineState(due, new Date(due.getTime() + 1), LA)).toMatchObject({
			daysLeft: -1,
			overdue: true,
			dueSoon: false
		});
		expect(deadlineState(due, new Date(due.getTime() + 3 * DAY), LA)).toMatchObject({
			daysLeft: -3,
			overdue: true
		});
	});

	it('flags the clock from 7 days left, not 8', () => {
		const due = assessmentDueAt(new Date('2026-04-10T17:00:00Z'), LA, 30);
		expect(deadlineState(due, new Date(due.getTime() - 7 * DAY), LA).dueSoon).toBe(true);
		expect(deadlineState(due, new Date(due.getTime() - 8 * DAY), LA).dueSoon).toBe(false);
	});
});

describe('assessment deadline on referrals and cards', () => {
	let world: World;
	afterEach(() => world?.close());

	it('gives arrest diversion a deadline from the jurisdiction window and social contact none', () => {
		world = buildWorld({ assessmentWindowDays: 14, timezone: NY });
		const now = new Date('2026-06-02T03:45:00Z'); // 23:45 EDT June 1
		const ad = createReferral(
			world.db,
			world.actors.police_officer,
			referralInput({ occurredAt: '2026-06-02T03:30:00Z' }),
			{ now }
		);
		expect(ad.assessmentDueAt).toBe('2026-06-16T03:59:59.999Z');
		const social = createReferral(
			world.db,
			world.actors.police_officer,
			referralInput({ pathway: 'social_contact', offence: undefined, offenceCategory: undefined }),
			{ now }
		);
		expect(social.assessmentDueAt).toBeNull();
		expect(
			participantCardView(world.db, world.actors.prosecutor, social.participantId, { now }).assessment
		).toBeNull();
		expect(
			participantCardView(world.db, world.actors.prosecutor, ad.participantId, { now }).assessment
		).toMatchObject({ daysLeft: 14 });
	});

	it('flags due-soon and overdue for police and prosecution, and overdue changes nothing by itself', () => {
		world = buildWorld();
		const p = buildParticipant(world, { now: new Date('2026-03-02T12:00:00Z') }); // referred March 1, 10:00 PST
		const soon = new Date('2026-03-25T20:00:00Z');
		for (const role of ['police_officer', 'prosecutor'] as const) {
			const card = participantCardView(world.db, world.actors[role], p.participantId, { now: soon });
			expect(card.assessment).toMatchObject({ daysLeft: 6, overdue: false });
			expect(card.flags).toContain('assessment_due_soon');
		}
		const late = new Date('2026-04-03T20:00:00Z');
		const card = participantCardView(world.db, world.actors.police_officer, p.participantId, { now: late });
		expect(card.assessment).toMatchObject({ daysLeft: -3, overdue: true });
		expect(card.flags).toEqual(expect.arrayContaining(['assessment_overdue']));
		expect(card.flags).not.toContain('assessment_due_soon');
		expect(card.status).toBe('referred');
		expect(card.version).toBe(p.version);
	});

	it('stops the clock when the participant enrols', () => {
		world = buildWorld();
		const p = buildParticipant(world);
		changeStatus(
			world.db,
			world.actors.case_manager,
			{ participantId: p.participantId, to: 'enrolled', reason: 'Assessed.', expectedVersion: p.version },
			{ now: new Date('2026-03-10T12:00:00Z') }
		);
		const card = participantCardView(world.db, world.actors.police_officer, p.participantId, {
			now: new Date('2026-04-20T12:00:00Z')
		});
		expect(card.assessment).toBeNull();
		expect(card.flags).not.toContain('assessment_overdue');
	});

	it('lets only the prosecutor record an outcome: an extension moves the due date, a warrant request stops the clock', () => {
		world = buildWorld();
		const p = buildParticipant(world);
		const referralId = p.referralId;
		const late = new Date('2026-04-03T20:00:00Z');
		const extend = {
			participantId: p.participantId,
			referralId,
			outcome: 'extended',
			extendedUntil: '2026-04-10',
			expectedVersion: 1
		};
		expect(() => recordDeadlineOutcome(world.db, world.actors.police_officer, extend, { now: late })).toThrow(
			expect.objectContaining({ code: 'forbidden' })
		);
		const extended = recordDeadlineOutcome(world.db, world.actors.prosecutor, extend, { now: late });
		expect(extended.assessmentDueAt).toBe('2026-04-11T06:59:59.999Z');
		const card = participantCardView(world.db, world.actors.case_manager, p.participantId, { now: late });
		expect(card.assessment).toMatchObject({ daysLeft: 7, overdue: false });
		expect(card.flags).toContain('assessment_due_soon');

		recordDeadlineOutcome(
			world.db,
			world.actors.prosecutor,
			{ participantId: p.participantId, referralId, outcome: 'warrant_requested', expectedVersion: 2 },
			{ now: late }
		);
		const after = participantCardView(world.db, world.actors.case_manager, p.participantId, {
			now: new Date('2026-04-20T12:00:00Z')
		});
		expect(after.assessment).toBeNull();
		expect(after.flags).not.toContain('assessment_overdue');
	});

	it('refuses an extension that does not move the due date later', () => {
		world = buildWorld();
		const p = buildParticipant(world);
		expect(() =>
			recordDeadlineOutcome(world.db, world.actors.prosecutor, {
				participantId: p.participantId,
				referralId: p.referralId,
				outcome: 'extended',
				extendedUntil: '2026-03-31',
				expectedVersion: 1
			})
		).toThrow(expect.objectContaining({ code: 'invalid_input' }));
	});
});
