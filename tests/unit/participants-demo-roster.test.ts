import { afterEach, describe, expect, it } from 'vitest';
import {
	GOAL_DOMAINS,
	PARTICIPANT_STATUSES,
	participants,
	planGoals,
	referrals
} from '../../src/lib/server/db/participants.schema';
import { EMPTY_FACTS, factsOf, loadFacts } from '../../src/lib/server/participants/board';
import { participantDetailView, rosterView } from '../../src/lib/server/participants/views';
import { ROSTER_FLAGS } from '../../src/lib/shared/participant-values';
import { seedDemoRosterIn } from '../helpers/demo';
import { buildWorld, snapshotDatabase, type World } from '../helpers/factories';

const now = new Date('2026-11-20T18:00:00Z');

function seed(world: World) {
	return seedDemoRosterIn(world, now);
}

describe('demo roster', () => {
	const worlds: World[] = [];
	const world = (rules?: null) => {
		const w =
			rules === null
				? buildWorld({ name: 'King County (demo)' }, null)
				: buildWorld({ name: 'King County (demo)' });
		worlds.push(w);
		return w;
	};
	afterEach(() => worlds.splice(0).forEach((w) => w.close()));

	it("reads one participant's board facts exactly as the grouped read of all of them does", () => {
		const w = world(null);
		seed(w);
		const all = loadFacts(w.db, w.jurisdiction.id, null, now);
		const ids = w.db.select({ id: participants.id }).from(participants).all();
		expect(ids).toHaveLength(60);
		for (const { id } of ids) {
			expect(factsOf(w.db, w.jurisdiction.id, id, now), id).toEqual(all.get(id) ?? EMPTY_FACTS);
		}
		// The demo has a fact of every kind somewhere, so every one of them was compared.
		for (const key of ['latestReferral', 'nextCourtDate', 'lastPoliceContactAt', 'lastUpdateAt'] as const) {
			expect([...all.values()].filter((f) => f[key] !== null).length, key).toBeGreaterThan(0);
		}
		expect([...all.values()].filter((f) => f.flaggedForDiscussion).length).toBeGreaterThan(0);
		// Another jurisdiction's reader gets nothing of them.
		expect(factsOf(w.db, 'another-jurisdiction', ids[0].id, now)).toEqual(EMPTY_FACTS);
	});

	it('seeds about 60 fictional participants in every status, with every flag showing', () => {
		const w = world(null);
		expect(seed(w).created).toBe(60);
		const roster = rosterView(w.db, w.actors.case_manager_supervisor, {}, { now });
		expect(roster.total).toBe(60);
		expect(roster.cards[0].code).toBe('KC-0101');
		expect(new Set(roster.cards.map((c) => c.status))).toEqual(new Set(PARTICIPANT_STATUSES));
		for (const flag of ROSTER_FLAGS) {
			expect(roster.cards.filter((c) => c.flags.includes(flag)).length, flag).toBeGreaterThan(0);
		}
		expect(
			new Set(
				w.db
					.select({ p: referrals.pathway })
					.from(referrals)
					.all()
					.map((r) => r.p)
			)
		).toEqual(new Set(['arrest_diversion', 'social_contact']));
		expect(
			new Set(
				w.db
					.select({ d: planGoals.domain })
					.from(planGoals)
					.all()
					.map((g) => g.d)
			)
		).toEqual(new Set(GOAL_DOMAINS));
		expect(new Set(roster.cards.map((c) => c.eligibility))).toEqual(
			new Set(['eligible', 'ineligible', 'overridden'])
		);
	});

	it('gives the board a meeting day: legal matters, police contacts and updates since the last meeting', () => {
		const w = world();
		seed(w);
		const cards = rosterView(w.db, w.actors.case_manager_supervisor, {}, { now }).cards;
		const withCourt = cards.find((c) => c.flags.includes('court_within_14_days'))!;
		const detail = participantDetailView(w.db, w.actors.case_manager_supervisor, withCourt.participantId, {
			now
		});
		expect(detail.legalMatters?.length).toBeGreaterThan(0);
		expect(detail.contacts?.length).toBeGreaterThan(0);
		expect(detail.updates.some((u) => u.isNew)).toBe(true);
		expect(detail.timeline.length).toBeGreaterThan(5);
		const reEntry = cards.find((c) => c.code === 'KC-0108')!;
		expect(
			participantDetailView(w.db, w.actors.case_manager_supervisor, reEntry.participantId, { now }).referrals
		).toHaveLength(2);
	});

	it('is deterministic: two databases get the same roster', () => {
		const shape = (w: World) =>
			rosterView(w.db, w.actors.facilitator, {}, { now }).cards.map((c) => [
				c.code,
				c.name,
				c.status,
				c.flags,
				c.assessment?.daysLeft ?? null,
				c.nextCourtDate,
				c.lastContactAt
			]);
		const a = world();
		const b = world();
		seed(a);
		seed(b);
		expect(shape(a)).toEqual(shape(b));
	});

	it('does nothing when the jurisdiction already has participants', () => {
		const w = world();
		seed(w);
		const before = snapshotDatabase(w);
		expect(seed(w).created).toBe(0);
		expect(snapshotDatabase(w).digest).toBe(before.digest);
	});
});
