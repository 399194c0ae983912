import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { consents } from '../../src/lib/server/db/schema';
import { DomainError } from '../../src/lib/server/errors';
import { changesSince } from '../../src/lib/server/participants/board';
import { participantVisibility } from '../../src/lib/server/participants/consent-grants';
import {
	cardBroadcaster,
	participantCardView,
	participantDetailView,
	rosterView
} from '../../src/lib/server/participants/views';
import type { Actor } from '../../src/lib/server/policy';
import { PART2_NOTICE } from '../../src/lib/shared/participant-labels';
import {
	actorFor,
	buildJurisdiction,
	buildParticipant,
	buildUser,
	buildWorld,
	snapshotDatabase,
	type World
} from '../helpers/factories';
import { addPlanGoal, changeStatus, recordConsent, renewConsent, revokeConsent } from '../helpers/commands';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const LATER = new Date('2026-03-05T12:00:00.000Z');
const GOAL = 'Start buprenorphine at the Quillfeather clinic';

let world: World;
afterEach(() => world?.close());

function scene() {
	world = buildWorld();
	const p = buildParticipant(world, { now: NOW });
	addPlanGoal(
		world.db,
		world.actors.case_manager,
		{ participantId: p.participantId, domain: 'substance_use_treatment', description: GOAL },
		{ now: NOW }
	);
	return p.participantId;
}

const policeConsent = (participantId: string, overrides: Record<string, unknown> = {}) => ({
	participantId,
	recipient: `agency:${world.agencyIds.police}`,
	categories: ['clinical', 'plan'],
	purpose: 'Coordinate treatment with the officer who referred them',
	signedOn: '2026-03-02',
	until: 'date',
	validUntil: '2027-06-01',
	...overrides
});

const detailJson = (actor: Actor, participantId: string, now = LATER) =>
	JSON.stringify(participantDetailView(world.db, actor, participantId, { now }));

/** Refused writes on record, whoever tried them. */
const deniedWrites = () =>
	world.db.select().from(auditEvents).where(eq(auditEvents.outcome, 'denied')).all().length;

function refusal(run: () => unknown): DomainError {
	try {
		run();
	} catch (error) {
		if (error instanceof DomainError) return error;
		throw error;
	}
	throw new Error('expected a refusal');
}

describe('recording a consent', () => {
	it('lets the police department see the clinical goal, with the Part 2 notice, and nobody else more', () => {
		const id = scene();
		expect(detailJson(world.actors.police_officer, id)).not.toContain(GOAL);
		recordConsent(world.db, world.actors.case_manager, policeConsent(id), { now: NOW });

		const police = participantDetailView(world.db, world.actors.police_officer, id, { now: LATER });
		expect(JSON.stringify(police.plan)).toContain(GOAL);
		expect(police.part2Notice).toBe(true);
		expect(police.card.part2Notice).toBe(true);
		expect(police.redacted).not.toContain('clinical');
		expect(detailJson(world.actors.police_sergeant, id)).toContain(GOAL);
		expect(detailJson(world.actors.prosecutor, id)).not.toContain(GOAL);
		expect(detailJson(world.actors.facilitator, id)).not.toContain(GOAL);
		expect(
			participantDetailView(world.db, world.actors.case_manager, id, { now: LATER }).part2Notice
		).toBeUndefined();
		expect(PART2_NOTICE).toBe('42 CFR part 2 prohibits unauthorized use or disclosure of these records.');
	});

	it('shows every viewer which consents are active, and the whole record only to case management', () => {
		const id = scene();
		recordConsent(world.db, world.actors.case_manager, policeConsent(id), { now: NOW });
		const prosecutor = participantDetailView(world.db, world.actors.prosecutor, id, { now: LATER });
		expect(prosecutor.consents).toEqual([
			expect.objectContaining({
				recipient: expect.objectContaining({ agencyKind: 'police', agencyId: world.agencyIds.police }),
				categories: ['clinical', 'plan'],
				validUntil: '2027-06-01',
				untilExit: false
			})
		]);
		expect(prosecutor.consentRecords).toBeUndefined();
		expect(JSON.stringify(prosecutor)).not.toContain('Coordinate treatment');
		const supervisor = participantDetailView(world.db, world.actors.case_manager_supervisor, id, {
			now: LATER
		});
		expect(supervisor.consentRecords).toEqual([
			expect.objectContaining({
				state: 'active',
				purpose: 'Coordinate treatment with the officer who referred them'
			})
		]);
	});

	it('records the consent, the timeline entry and two audit entries in one go', () => {
		const id = scene();
		const { consentId } = recordConsent(world.db, world.actors.case_manager, policeConsent(id), {
			now: NOW,
			sourceAddress: '10.0.0.9'
		});
		const entries = world.db.select().from(auditEvents).where(eq(auditEvents.objectId, consentId)).all();
		expect(entries).toEqual([
			expect.objectContaining({
				action: 'consent.created',
				outcome: 'success',
				actorUserId: world.users.case_manager.id,
				sourceAddress: '10.0.0.9'
			})
		]);
		const writes = world.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.objectId, id), eq(auditEvents.action, 'participant.write')))
			.all();
		expect(writes.some((w) => w.detail.includes('consent.recorded'))).toBe(true);
		const timeline = participantDetailView(world.db, world.actors.prosecutor, id, { now: LATER }).timeline;
		expect(timeline[0].text).toMatch(
			/Release of information recorded: .* may receive clinical detail, plan detail until 1 Jun 2027\./
		);
		expect(timeline[0].text).not.toContain('Purpose');
	});

	it('refuses everyone but the participant’s own case manager and supervisors, writing nothing', () => {
		const id = scene();
		const before = snapshotDatabase(world, { except: ['audit_events'] });
		const deniedBefore = deniedWrites();
		for (const actor of [
			world.actors.police_officer,
			world.actors.prosecutor,
			world.actors.defender,
			world.actors.facilitator,
			world.otherCaseManager,
			world.actors.admin
		]) {
			expect(
				refusal(() => recordConsent(world.db, actor, policeConsent(id), { now: NOW })).code,
				actor.role
			).toBe('forbidden');
		}
		expect(snapshotDatabase(world, { except: ['audit_events'] }).digest).toBe(before.digest);
		// Each refusal is on record as denied, and nothing else was written.
		expect(deniedWrites()).toBe(deniedBefore + 6);
		expect(
			recordConsent(world.db, world.actors.case_manager_supervisor, policeConsent(id), { now: NOW }).consentId
		).toBeTruthy();
	});

	it.each([
		['a signing date in the future', { signedOn: '2026-03-03' }, 'signedOn'],
		['an end date that has passed', { validUntil: '2026-03-01' }, 'validUntil'],
		['no end date', { validUntil: undefined }, 'validUntil'],
		['no categories', { categories: [] }, 'categories'],
		['an unknown category', { categories: ['everything'] }, 'categories.0'],
		['a category twice', { categories: ['clinical', 'clinical'] }, 'categories'],
		['a Policy Coordinating Group recipient', { recipient: 'kind:policy_group' }, 'recipient'],
		['a malformed recipient', { recipient: 'the police' }, 'recipient'],
		['an empty purpose', { purpose: '   ' }, 'purpose'],
		['an unknown field', { role: 'admin' }, '_']
	])('refuses %s with a field message and writes nothing', (_label, overrides, field) => {
		const id = scene();
		const before = snapshotDatabase(world);
		const error = refusal(() =>
			recordConsent(world.db, world.actors.case_manager, policeConsent(id, overrides), { now: NOW })
		);
		expect(error.code).toBe('invalid_input');
		expect(Object.keys(error.fields ?? {})).toContain(field);
		expect(snapshotDatabase(world).digest).toBe(before.digest);
	});

	it('refuses an agency of another jurisdiction and a __proto__ key', () => {
		const id = scene();
		const other = buildJurisdiction(world.db);
		const foreign = refusal(() =>
			recordConsent(
				world.db,
				world.actors.case_manager,
				policeConsent(id, { recipient: `agency:${other.agencyIds.police}` }),
				{ now: NOW }
			)
		);
		expect(foreign.fields).toHaveProperty('recipient');
		const polluted = JSON.parse(`{"__proto__":{"admin":true},${JSON.stringify(policeConsent(id)).slice(1)}`);
		expect(
			refusal(() => recordConsent(world.db, world.actors.case_manager, polluted, { now: NOW })).code
		).toBe('invalid_input');
		expect(world.db.select().from(consents).all()).toHaveLength(0);
	});
});

describe('a consent stops widening the moment it ends', () => {
	it('is revoked at once: the clinical goal leaves the police detail, card and broadcast', () => {
		const id = scene();
		const { consentId, version } = recordConsent(world.db, world.actors.case_manager, policeConsent(id), {
			now: NOW
		});
		expect(detailJson(world.actors.police_officer, id)).toContain(GOAL);
		revokeConsent(
			world.db,
			world.actors.case_manager,
			{ participantId: id, consentId, expectedVersion: version, reason: 'Participant asked to withdraw it' },
			{ now: LATER }
		);

		const police = participantDetailView(world.db, world.actors.police_officer, id, { now: LATER });
		expect(JSON.stringify(police)).not.toContain(GOAL);
		expect(police.part2Notice).toBeUndefined();
		expect(police.consents).toEqual([]);
		expect(
			cardBroadcaster(world.db, world.jurisdiction.id, id, { now: LATER })(world.actors.police_officer).card
				?.part2Notice
		).toBeUndefined();
		const audit = world.db.select().from(auditEvents).where(eq(auditEvents.objectId, consentId)).all();
		expect(audit.map((a) => a.action)).toEqual(['consent.created', 'consent.revoked']);
		const records = participantDetailView(world.db, world.actors.case_manager, id, {
			now: LATER
		}).consentRecords;
		expect(records?.[0]).toMatchObject({
			state: 'revoked',
			revokeReason: 'Participant asked to withdraw it'
		});
	});

	it('refuses to renew a revoked consent and a stale version', () => {
		const id = scene();
		const { consentId } = recordConsent(world.db, world.actors.case_manager, policeConsent(id), { now: NOW });
		const renew = { participantId: id, consentId, renewedOn: '2026-03-02', until: 'exit' };
		expect(
			refusal(() =>
				renewConsent(world.db, world.actors.case_manager, { ...renew, expectedVersion: 7 }, { now: NOW })
			).code
		).toBe('conflict');
		revokeConsent(
			world.db,
			world.actors.case_manager,
			{ participantId: id, consentId, expectedVersion: 1, reason: 'Withdrawn' },
			{ now: NOW }
		);
		expect(
			refusal(() =>
				renewConsent(world.db, world.actors.case_manager, { ...renew, expectedVersion: 2 }, { now: NOW })
			).code
		).toBe('conflict');
	});

	it('expires at the end of its last day in the jurisdiction’s time zone, and a renewal brings it back', () => {
		const id = scene();
		const { consentId } = recordConsent(
			world.db,
			world.actors.case_manager,
			policeConsent(id, { validUntil: '2026-03-10' }),
			{ now: NOW }
		);
		// Seattle is on daylight time (UTC-7) from 8 March 2026: 10 March ends at 07:00 UTC on the 11th.
		expect(detailJson(world.actors.police_officer, id, new Date('2026-03-11T06:59:59.999Z'))).toContain(GOAL);
		const after = new Date('2026-03-11T07:00:00.000Z');
		expect(detailJson(world.actors.police_officer, id, after)).not.toContain(GOAL);
		expect(
			participantDetailView(world.db, world.actors.case_manager, id, { now: after }).consentRecords?.[0].state
		).toBe('expired');

		renewConsent(
			world.db,
			world.actors.case_manager,
			{
				participantId: id,
				consentId,
				expectedVersion: 1,
				renewedOn: '2026-03-12',
				until: 'date',
				validUntil: '2026-09-30'
			},
			{ now: new Date('2026-03-12T18:00:00Z') }
		);
		expect(detailJson(world.actors.police_officer, id, new Date('2026-03-12T18:00:01Z'))).toContain(GOAL);
	});

	it('runs until the end of LEAD participation: the exit ends it', () => {
		const id = scene();
		recordConsent(
			world.db,
			world.actors.case_manager,
			policeConsent(id, { until: 'exit', validUntil: undefined }),
			{ now: NOW }
		);
		expect(detailJson(world.actors.police_officer, id)).toContain(GOAL);
		const p = participantCardView(world.db, world.actors.case_manager, id, { now: LATER });
		changeStatus(
			world.db,
			world.actors.case_manager,
			{
				participantId: id,
				to: 'exited',
				exitReason: 'moved',
				reason: 'Moved to family out of state',
				expectedVersion: p.version
			},
			{ now: LATER }
		);
		expect(detailJson(world.actors.police_officer, id, new Date(LATER.getTime() + 1))).not.toContain(GOAL);
	});
});

describe('consents in search, catch-up and other readers', () => {
	it('gives code outside the views (agenda lines, the room screen) the same answer as the views', () => {
		const id = scene();
		const p = {
			id,
			jurisdictionId: world.jurisdiction.id,
			caseManagerUserId: world.users.case_manager.id,
			defenderUserId: world.users.defender.id
		};
		expect(participantVisibility(world.db, world.actors.police_officer, p, LATER).has('clinical')).toBe(
			false
		);
		recordConsent(world.db, world.actors.case_manager, policeConsent(id), { now: NOW });
		expect(participantVisibility(world.db, world.actors.police_officer, p, LATER).has('clinical')).toBe(true);
		expect(participantVisibility(world.db, world.actors.prosecutor, p, LATER).has('clinical')).toBe(false);
	});

	it('lets a name search match only where a consent shows the name', () => {
		const id = scene();
		const stranger = actorFor(buildUser(world.db, world, 'defender'));
		expect(rosterView(world.db, stranger, { search: 'McFixture' }, { now: LATER }).cards).toHaveLength(0);
		recordConsent(
			world.db,
			world.actors.case_manager,
			policeConsent(id, { recipient: 'kind:defense', categories: ['identity'] }),
			{ now: NOW }
		);
		const found = rosterView(world.db, stranger, { search: 'McFixture' }, { now: LATER }).cards;
		expect(found.map((c) => [c.participantId, c.name])).toEqual([[id, 'Testy McFixture']]);
	});

	it('tells a catching-up police client what kind of plan change it missed only under consent', () => {
		const id = scene();
		const kinds = () => changesSince(world.db, world.actors.police_officer, 0).changes.map((c) => c.kind);
		expect(kinds()).not.toContain('plan.goal_added');
		recordConsent(world.db, world.actors.case_manager, policeConsent(id, { validUntil: '2099-12-31' }), {
			now: NOW
		});
		expect(kinds()).toContain('plan.goal_added');
		expect(kinds()).toContain('consent.recorded');
	});
});
