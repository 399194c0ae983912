import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ParticipantStatus } from '../../src/lib/server/db/participants.schema';
import { ROSTER_FLAGS } from '../../src/lib/shared/participant-values';
import {
	cardBroadcaster,
	participantCardView,
	participantCardsView,
	participantDetailView,
	rosterView
} from '../../src/lib/server/participants/views';
import { ROLES } from '../../src/lib/shared/roles';
import { buildWorld, referralInput, type World } from '../helpers/factories';
import {
	addContact,
	addLegalMatter,
	assignCaseManager,
	assignDefender,
	changeStatus,
	createReferral,
	flagForDiscussion,
	postUpdate
} from '../helpers/commands';

const DAY = 86_400_000;
const now = new Date('2026-06-15T19:00:00Z');
const since = new Date(now.getTime() - 14 * DAY);
const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
const N = 500;
const STATUS_CYCLE: ParticipantStatus[] = [
	'referred',
	'assessment_pending',
	'enrolled',
	'inactive',
	'unable_to_locate'
];

describe('roster view with 500 participants', () => {
	let world: World;
	const ids: string[] = [];
	const expectedStatus = new Map<string, ParticipantStatus>();
	const flagged = new Set<string>();
	let zebediah = '';

	beforeAll(() => {
		world = buildWorld();
		const a = world.actors;
		for (let i = 0; i < N; i++) {
			const pathway = i % 2 ? 'social_contact' : 'arrest_diversion';
			const refDays = i % 40; // arrest-diversion clocks anywhere from 30 days left to 9 overdue
			const input = referralInput({
				person: { legalName: i === 137 ? 'Zebediah Quux' : `Sample Person ${i}` },
				pathway,
				occurredAt: at(refDays).toISOString(),
				...(pathway === 'social_contact' ? { offence: undefined, offenceCategory: undefined } : {})
			});
			const r = createReferral(world.db, a.police_officer, input, { now: at(refDays) });
			ids.push(r.participantId);
			if (i === 137) zebediah = r.participantId;
			let version = r.version;
			const cm =
				i % 3 === 0 ? null : i % 3 === 1 ? world.users.case_manager : world.users.case_manager_supervisor;
			if (cm)
				version = assignCaseManager(
					world.db,
					a.facilitator,
					{ participantId: r.participantId, caseManagerUserId: cm.id, expectedVersion: version },
					{ now: at(refDays) }
				).version;
			if (i % 10 === 7)
				version = assignDefender(
					world.db,
					a.facilitator,
					{
						participantId: r.participantId,
						defenderUserId: world.users.defender.id,
						expectedVersion: version
					},
					{ now: at(refDays) }
				).version;
			const target = STATUS_CYCLE[i % STATUS_CYCLE.length];
			const actor = a.case_manager_supervisor;
			const path: ParticipantStatus[] =
				target === 'inactive' ? ['enrolled', 'inactive'] : target === 'referred' ? [] : [target];
			path.forEach((to, k) => {
				version = changeStatus(
					world.db,
					actor,
					{ participantId: r.participantId, to, reason: 'Roster set-up.', expectedVersion: version },
					{ now: at(i % 7 === 0 ? 45 - k : Math.max(refDays - 1 - k, 0)) }
				).version;
			});
			expectedStatus.set(r.participantId, target);
			if (i % 4 === 0)
				addContact(
					world.db,
					a.police_sergeant,
					{
						participantId: r.participantId,
						kind: 'police_social_contact',
						occurredAt: at(i % 30).toISOString(),
						note: 'Seen.'
					},
					{ now }
				);
			if (i % 6 === 0)
				postUpdate(
					world.db,
					actor,
					{ participantId: r.participantId, body: 'Progress.' },
					{ now: at(i % 25) }
				);
			if (i % 9 === 0)
				addLegalMatter(
					world.db,
					a.prosecutor,
					{
						participantId: r.participantId,
						caseNumber: `26-${i}`,
						court: 'Municipal',
						charge: 'Theft 3',
						nextCourtDate: new Date(now.getTime() + (i % 30) * DAY + 3_600_000).toISOString()
					},
					{ now }
				);
			if (i % 11 === 5) {
				flagForDiscussion(world.db, a.police_sergeant, { participantId: r.participantId }, { now });
				flagged.add(r.participantId);
			}
		}
		// Five hundred participants through the command kernel take seconds, more on a busy machine.
	}, 60_000);
	afterAll(() => world.close());

	it('returns every participant in one call, sorted by code, built from a handful of queries', () => {
		const prepare = vi.spyOn(world.sqlite, 'prepare');
		const roster = rosterView(world.db, world.actors.police_officer, {}, { now, since });
		const statements = prepare.mock.calls.length;
		prepare.mockRestore();
		expect(roster.total).toBe(N);
		expect(roster.cards.map((c) => c.code)).toEqual([...roster.cards.map((c) => c.code)].sort());
		expect(statements).toBeLessThanOrEqual(10);
	});

	it('builds the same cards as one card view per participant', () => {
		const roster = rosterView(world.db, world.actors.prosecutor, {}, { now, since });
		const byId = new Map(roster.cards.map((c) => [c.participantId, c]));
		for (const id of ids.filter((_, i) => i % 7 === 0 || i % 9 === 0 || i % 10 === 7)) {
			expect(byId.get(id)).toEqual(
				participantCardView(world.db, world.actors.prosecutor, id, { now, since })
			);
		}
	});

	it('builds a catch-up of many cards from a handful of queries, each as its own card view would, for every role', () => {
		const some = ids.filter((_, i) => i % 5 === 0 || i % 10 === 7);
		const asked = [...some, 'no-such-participant'];
		for (const role of ROLES) {
			const actor = world.actors[role];
			const prepare = vi.spyOn(world.sqlite, 'prepare');
			const batch = participantCardsView(world.db, actor, asked, { now, since });
			const statements = prepare.mock.calls.length;
			prepare.mockRestore();
			const one = (id: string) => {
				try {
					return participantCardView(world.db, actor, id, { now, since });
				} catch {
					return null;
				}
			};
			const expected = asked.map(one);
			expect(batch.cards, role).toEqual(expected.filter((c) => c !== null));
			expect(batch.removed, role).toEqual(asked.filter((_, i) => expected[i] === null));
			expect(batch.removed, role).toContain('no-such-participant');
			// The view context and the facts once, then one look-up per participant asked for.
			expect(statements, role).toBeLessThanOrEqual(asked.length + 12);
		}
	});

	it('filters by status and by case manager', () => {
		for (const status of STATUS_CYCLE) {
			const roster = rosterView(world.db, world.actors.facilitator, { status }, { now, since });
			expect(roster.total).toBe(N / STATUS_CYCLE.length);
			expect(
				roster.cards.every((c) => c.status === status && expectedStatus.get(c.participantId) === status)
			).toBe(true);
		}
		const mine = rosterView(
			world.db,
			world.actors.facilitator,
			{ caseManagerId: world.users.case_manager.id },
			{ now, since }
		);
		expect(mine.total).toBe(ids.filter((_, i) => i % 3 === 1).length);
		expect(mine.cards.every((c) => c.caseManager?.userId === world.users.case_manager.id)).toBe(true);
		expect(
			rosterView(world.db, world.actors.facilitator, { caseManagerId: 'unassigned' }, { now, since }).total
		).toBe(ids.filter((_, i) => i % 3 === 0).length);
	});

	it('filters by every flag, and each flag matches its definition', () => {
		const all = rosterView(world.db, world.actors.case_manager_supervisor, {}, { now, since }).cards;
		for (const flag of ROSTER_FLAGS) {
			const flagged = rosterView(
				world.db,
				world.actors.case_manager_supervisor,
				{ flag },
				{ now, since }
			).cards;
			expect(flagged.length, flag).toBeGreaterThan(0);
			expect(flagged.map((c) => c.participantId)).toEqual(
				all.filter((c) => c.flags.includes(flag)).map((c) => c.participantId)
			);
		}
		for (const c of all) {
			const clock = c.assessment;
			expect(c.flags.includes('assessment_overdue')).toBe(Boolean(clock?.overdue));
			expect(c.flags.includes('assessment_due_soon')).toBe(
				Boolean(clock && !clock.overdue && clock.daysLeft <= 7)
			);
			const court = c.nextCourtDate ? new Date(c.nextCourtDate).getTime() - now.getTime() : Infinity;
			expect(c.flags.includes('court_within_14_days')).toBe(court <= 14 * DAY);
			expect(c.flags.includes('flagged_for_discussion')).toBe(flagged.has(c.participantId));
		}
	});

	it('searches by code for everyone and by name only for roles that see the name', () => {
		const code = participantCardView(world.db, world.actors.police_officer, zebediah, { now }).code;
		const police = rosterView(world.db, world.actors.police_officer, { search: 'quux' }, { now, since });
		expect(police.cards.map((c) => c.participantId)).toEqual([zebediah]);
		const stranger = world.otherDefender;
		expect(rosterView(world.db, stranger, { search: 'quux' }, { now, since }).total).toBe(0);
		expect(rosterView(world.db, stranger, { search: 'Sample Person' }, { now, since }).total).toBe(0);
		expect(
			rosterView(world.db, stranger, { search: code.toLowerCase() }, { now, since }).cards.map(
				(c) => c.participantId
			)
		).toEqual([zebediah]);
		// Zebediah (i = 137) is represented by the world's defender, who sees the name.
		expect(
			rosterView(world.db, world.actors.defender, { search: 'Quux' }, { now, since }).cards.map(
				(c) => c.participantId
			)
		).toEqual([zebediah]);
	});

	it('groups by status and by case manager without losing or repeating anyone', () => {
		const byStatus = rosterView(world.db, world.actors.facilitator, { group: 'status' }, { now, since });
		expect(byStatus.groups?.map((g) => g.key).sort()).toEqual([...STATUS_CYCLE].sort());
		expect(byStatus.groups?.every((g) => g.participantIds.length === N / STATUS_CYCLE.length)).toBe(true);
		const byCm = rosterView(world.db, world.actors.facilitator, { group: 'caseManager' }, { now, since });
		expect(byCm.groups?.map((g) => g.key).sort()).toEqual(
			[world.users.case_manager.id, world.users.case_manager_supervisor.id, 'unassigned'].sort()
		);
		const listed = byCm.groups!.flatMap((g) => g.participantIds);
		expect(new Set(listed).size).toBe(N);
		expect(rosterView(world.db, world.actors.facilitator, {}, { now, since })).not.toHaveProperty('groups');
	});

	it('combines a filter, a flag and a search', () => {
		const r = rosterView(
			world.db,
			world.actors.police_officer,
			{ status: 'unable_to_locate', flag: 'assessment_overdue', search: 'sample person 3' },
			{ now, since }
		);
		expect(r.total).toBeGreaterThan(0);
		expect(
			r.cards.every(
				(c) =>
					c.status === 'unable_to_locate' &&
					c.flags.includes('assessment_overdue') &&
					c.name?.toLowerCase().includes('sample person 3')
			)
		).toBe(true);
	});

	it('refuses a malformed roster query', () => {
		expect(() => rosterView(world.db, world.actors.police_officer, { flag: 'dangerous' })).toThrow(
			expect.objectContaining({ code: 'invalid_input' })
		);
		expect(() => rosterView(world.db, world.actors.police_officer, { search: 'x'.repeat(500) })).toThrow(
			expect.objectContaining({ code: 'invalid_input' })
		);
		expect(() =>
			rosterView(world.db, world.actors.police_officer, JSON.parse('{"__proto__":{"a":1}}'))
		).toThrow(expect.objectContaining({ code: 'invalid_input' }));
	});
});

describe('participant page', () => {
	it('shows the timeline newest first with agency, author and text', () => {
		const world = buildWorld();
		const t = (m: number) => new Date(Date.UTC(2026, 2, 2, 12, m));
		const r = createReferral(world.db, world.actors.police_officer, referralInput(), { now: t(0) });
		const a = assignCaseManager(
			world.db,
			world.actors.facilitator,
			{ participantId: r.participantId, caseManagerUserId: world.users.case_manager.id, expectedVersion: 1 },
			{ now: t(1) }
		);
		changeStatus(
			world.db,
			world.actors.case_manager,
			{ participantId: r.participantId, to: 'enrolled', reason: 'Intake done.', expectedVersion: a.version },
			{ now: t(2) }
		);
		addContact(
			world.db,
			world.actors.police_officer,
			{
				participantId: r.participantId,
				kind: 'police_new_arrest',
				occurredAt: t(3).toISOString(),
				note: 'Arrested for theft.'
			},
			{ now: t(3) }
		);
		const detail = participantDetailView(world.db, world.actors.police_officer, r.participantId, {
			now: t(5)
		});
		expect(detail.timeline.map((e) => [e.kind, e.agencyKind])).toEqual([
			['contact.added', 'police'],
			['status.changed', 'case_management'],
			['case_manager.assigned', 'program'],
			['eligibility.screened', 'police'],
			['referral.created', 'police']
		]);
		expect(detail.timeline[0]).toMatchObject({
			author: world.users.police_officer.name,
			at: t(3).toISOString()
		});
		expect(detail.timeline[0].text).toContain('Arrested for theft.');
		expect(detail.timeline[1].text).toBe('Status: Referred → Enrolled (active).'); // the reason is a case note
		expect(detail.card.flags).toContain('new_police_contact_since_last_meeting');
		expect(detail.card.lastContactAt).toBe(t(3).toISOString());
		world.close();
	});
});

describe('broadcasting a card', () => {
	it('builds, from one load, the same card each recipient would get from its own view, and none for roles that see no participant', () => {
		const world = buildWorld();
		const now = new Date('2026-03-05T12:00:00Z');
		const r = createReferral(world.db, world.actors.police_officer, referralInput(), { now });
		assignDefender(
			world.db,
			world.actors.facilitator,
			{ participantId: r.participantId, defenderUserId: world.users.defender.id, expectedVersion: 1 },
			{ now }
		);
		const cardFor = cardBroadcaster(world.db, world.jurisdiction.id, r.participantId, { now });
		const prepare = vi.spyOn(world.sqlite, 'prepare');
		for (const actor of [...Object.values(world.actors), world.otherDefender, world.otherCaseManager]) {
			const { card } = cardFor(actor);
			if (['pcg_member', 'evaluator', 'admin'].includes(actor.role)) expect(card, actor.role).toBeNull();
			else {
				prepare.mockClear();
				expect(card, actor.role).toEqual(participantCardView(world.db, actor, r.participantId, { now }));
			}
		}
		prepare.mockClear();
		cardFor(world.actors.prosecutor);
		expect(prepare).not.toHaveBeenCalled();
		prepare.mockRestore();
		world.close();
	});
});
