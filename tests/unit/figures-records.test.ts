/**
 * The figures read from real records written through the board's commands: a merged record is one
 * person, a goal met and a charging decision keep the moment they happened, a published PCG
 * agenda freezes the figures (later records do not move them), and API tokens are issued, read
 * and revoked by the administrator alone.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { perform } from '../../src/lib/server/commands/command';
import { participants } from '../../src/lib/server/db/participants.schema';
import { figureSnapshots } from '../../src/lib/server/db/figures.schema';
import { countFigures, figuresApi } from '../../src/lib/server/figures';
import { FIGURE_CONTACT_KINDS, MONTH_MS } from '../../src/lib/server/figures/constants';
import { issueApiToken, revokeApiToken } from '../../src/lib/server/figures/tokens';
import { meetingView } from '../../src/lib/server/meetings';
import {
	addAgendaItem,
	addContact,
	addPlanGoal,
	changeStatus,
	createMeeting,
	mergeParticipants,
	publishAgenda,
	updatePlanGoal
} from '../helpers/commands';
import { buildParticipant, buildWorld, setProgramSettings, type World } from '../helpers/factories';

let world: World;
afterEach(() => world?.close());

const versionOf = (id: string) =>
	world.db.select().from(participants).where(eq(participants.id, id)).get()!.version;
const day = (d: string) => new Date(`${d}T18:00:00.000Z`);
const MARCH = { from: '2026-03-01', to: '2026-03-31' };

describe('figures from the board’s own records', () => {
	it('counts a person whose two records were merged once, with both referrals', () => {
		world = buildWorld();
		const first = buildParticipant(world, { now: day('2026-03-02') });
		const second = buildParticipant(world, { now: day('2026-03-05'), assign: false });
		const before = countFigures(world.db, world.jurisdiction.id, MARCH, day('2026-04-01'));
		expect(before.current.referrals).toBe(2);
		expect(before.current.statusAtEnd.in_assessment).toBe(2);

		const code = world.db.select().from(participants).where(eq(participants.id, second.participantId)).get()!
			.code;
		mergeParticipants(
			world.db,
			world.actors.facilitator,
			{
				participantId: first.participantId,
				expectedVersion: first.version,
				duplicateCode: code,
				reason: 'Same person, filed twice.'
			},
			{ now: day('2026-03-10') }
		);
		const after = countFigures(world.db, world.jurisdiction.id, MARCH, day('2026-04-01'));
		// Both referrals stay (they happened), but there is one open record and one person.
		expect(after.current.referrals).toBe(2);
		expect(after.current.statusAtEnd.in_assessment).toBe(1);
		expect(after.current.caseloads).toEqual([1]);
	});

	it('dates a goal by when it was met, not by its last edit', () => {
		world = buildWorld();
		const p = buildParticipant(world, { now: day('2026-03-02') });
		const goal = addPlanGoal(
			world.db,
			world.actors.case_manager,
			{ participantId: p.participantId, domain: 'housing', description: 'Move into the Bell Street units.' },
			{ now: day('2026-03-03') }
		);
		const met = updatePlanGoal(
			world.db,
			world.actors.case_manager,
			{ participantId: p.participantId, goalId: goal.goalId, expectedVersion: goal.version, status: 'met' },
			{ now: day('2026-03-04') }
		);
		updatePlanGoal(
			world.db,
			world.actors.case_manager,
			{
				participantId: p.participantId,
				goalId: goal.goalId,
				expectedVersion: met.version,
				description: 'Moved in.'
			},
			{ now: day('2026-04-20') }
		);
		const march = countFigures(world.db, world.jurisdiction.id, MARCH, day('2026-05-01'));
		expect(march.current.goalsMet).toEqual({ housing: 1 });
		const april = countFigures(
			world.db,
			world.jurisdiction.id,
			{ from: '2026-04-01', to: '2026-04-30' },
			day('2026-05-01')
		);
		expect(april.current.goalsMet).toEqual({});
	});
});

describe('contacts counted where they are stored', () => {
	it('counts case-management contacts while enrolled, and police contacts around enrolment', () => {
		world = buildWorld();
		const p = buildParticipant(world, { now: day('2026-03-02') });
		const contact = (kind: string, on: string, actor = world.actors.police_officer) =>
			addContact(
				world.db,
				actor,
				{ participantId: p.participantId, kind, occurredAt: day(on).toISOString(), note: 'Seen.' },
				{ now: day(on) }
			);
		// Before enrolment: one police social contact and one new arrest (and one case-management contact, not counted).
		contact('police_social_contact', '2026-03-03');
		contact('police_new_arrest', '2026-03-04');
		contact('case_management', '2026-03-05', world.actors.case_manager);
		changeStatus(
			world.db,
			world.actors.case_manager,
			{
				participantId: p.participantId,
				to: 'assessment_pending',
				reason: 'Assessment booked.',
				expectedVersion: versionOf(p.participantId)
			},
			{ now: day('2026-03-06') }
		);
		changeStatus(
			world.db,
			world.actors.case_manager,
			{
				participantId: p.participantId,
				to: 'enrolled',
				reason: 'Assessed and enrolled.',
				expectedVersion: versionOf(p.participantId)
			},
			{ now: day('2026-03-10') }
		);
		contact('case_management', '2026-03-12', world.actors.case_manager);
		contact('case_management', '2026-03-20', world.actors.case_manager);
		contact('police_social_contact', '2026-03-25');
		const march = countFigures(world.db, world.jurisdiction.id, MARCH, day('2026-04-01'));
		expect(march.current.dosage).toMatchObject({ people: 1, contacts: 2 });
		expect(march.current.beforeAfter).toMatchObject({
			people: 1,
			policeContactsBefore: 1,
			arrestsBefore: 1,
			policeContactsAfter: 1,
			arrestsAfter: 0,
			beforeMonths: 6
		});
		// From enrolment (Mar 10, 18:00 UTC) to the end of March in Los Angeles (Apr 1, 07:00 UTC).
		expect(march.current.beforeAfter.afterMonths * MONTH_MS).toBeCloseTo(
			Date.parse('2026-04-01T07:00:00Z') - day('2026-03-10').getTime(),
			0
		);
	});
});

/** People whose kept figure history differs from one rebuilt from their records now. */
function staleHistories(): string[] {
	return world.sqlite
		.prepare(
			`select d.participant_id as id, d.doc as rebuilt, h.doc as kept
			from participant_figure_docs d left join participant_figure_history h using (participant_id)`
		)
		.all()
		.filter((r) => {
			const { rebuilt, kept } = r as { rebuilt: string; kept: string | null };
			if (kept !== null) return kept !== rebuilt;
			const doc = JSON.parse(rebuilt);
			const none = ['changes', 'referrals', 'goals', 'decisions'].every((k) => doc[k].length === 0);
			return !none || Object.values(doc.contacts).some((times) => times !== '');
		})
		.map((r) => (r as { id: string }).id);
}

describe('the history the store keeps for the figures', () => {
	it('follows every write to the records it reads, merges and corrections included', () => {
		world = buildWorld();
		const first = buildParticipant(world, { now: day('2026-03-02') });
		const second = buildParticipant(world, { now: day('2026-03-05'), assign: false });
		for (const [kind, on] of [
			['case_management', '2026-03-06'],
			['police_social_contact', '2026-03-07'],
			['police_new_arrest', '2026-03-08']
		]) {
			addContact(
				world.db,
				kind === 'case_management' ? world.actors.case_manager : world.actors.police_officer,
				{ participantId: first.participantId, kind, occurredAt: day(on).toISOString(), note: 'Seen.' },
				{ now: day(on) }
			);
		}
		addPlanGoal(
			world.db,
			world.actors.case_manager,
			{ participantId: first.participantId, domain: 'housing', description: 'Bell Street units.' },
			{ now: day('2026-03-09') }
		);
		const kept = (id: string) =>
			JSON.parse(
				(
					world.sqlite
						.prepare('select doc from participant_figure_history where participant_id = ?')
						.get(id) as { doc: string }
				).doc
			);
		expect(kept(first.participantId).contacts).toEqual({
			case_management: String(day('2026-03-06').getTime()),
			police_social_contact: String(day('2026-03-07').getTime()),
			police_new_arrest: String(day('2026-03-08').getTime())
		});
		expect(Object.keys(kept(first.participantId).contacts)).toEqual([...FIGURE_CONTACT_KINDS]);
		expect(staleHistories()).toEqual([]);

		// A merge moves the duplicate's records onto the record kept.
		const code = world.db.select().from(participants).where(eq(participants.id, second.participantId)).get()!
			.code;
		mergeParticipants(
			world.db,
			world.actors.facilitator,
			{
				participantId: first.participantId,
				expectedVersion: first.version,
				duplicateCode: code,
				reason: 'Same person, filed twice.'
			},
			{ now: day('2026-03-10') }
		);
		expect(kept(first.participantId).referrals).toHaveLength(2);
		expect(kept(first.participantId).goals).toHaveLength(1);
		expect(kept(second.participantId).referrals).toEqual([]);
		expect(staleHistories()).toEqual([]);

		// A correction straight in the store (a contact's time, a removed contact) is followed too.
		world.sqlite
			.prepare("update contacts set occurred_at = occurred_at - 86400000 where kind = 'case_management'")
			.run();
		world.sqlite.prepare("delete from contacts where kind = 'police_new_arrest'").run();
		expect(kept(first.participantId).contacts.police_new_arrest).toBe('');
		expect(kept(first.participantId).contacts.case_management).toBe(String(day('2026-03-05').getTime()));
		expect(staleHistories()).toEqual([]);

		// Police outreach is not counted: it leaves the history as it was, until it is recorded as
		// an arrest instead.
		const before = kept(first.participantId);
		addContact(
			world.db,
			world.actors.police_officer,
			{
				participantId: first.participantId,
				kind: 'police_outreach',
				occurredAt: day('2026-03-11').toISOString(),
				note: 'Offered a ride.'
			},
			{ now: day('2026-03-11') }
		);
		expect(kept(first.participantId)).toEqual(before);
		world.sqlite
			.prepare("update contacts set kind = 'police_new_arrest' where kind = 'police_outreach'")
			.run();
		expect(kept(first.participantId).contacts.police_new_arrest).toBe(String(day('2026-03-11').getTime()));
		expect(staleHistories()).toEqual([]);
	});
});

describe('figures frozen on a PCG agenda', () => {
	it('freezes the figures when the agenda is published, and later referrals do not move them', () => {
		world = buildWorld();
		setProgramSettings(world, { smallNumberThreshold: 1 });
		buildParticipant(world, { now: day('2026-03-02') });
		const facilitator = world.actors.facilitator;
		const m = createMeeting(
			world.db,
			facilitator,
			{
				kind: 'policy_group',
				startsAt: '2026-03-20T17:00:00.000Z',
				invitedAgencyIds: [world.agencyIds.policy_group]
			},
			{ now: day('2026-03-09') }
		).data;
		const item = addAgendaItem(
			world.db,
			facilitator,
			{
				meetingId: m.meetingId,
				expectedVersion: 1,
				title: 'Program figures',
				kind: 'program_figures',
				plannedMinutes: 20
			},
			{ now: day('2026-03-09') }
		).data;
		const draft = meetingView(world.db, world.actors.pcg_member, m.meetingId, { now: day('2026-03-09') });
		expect(draft.figures).toEqual({});

		publishAgenda(
			world.db,
			facilitator,
			{ meetingId: m.meetingId, expectedVersion: item.version },
			{ now: day('2026-03-10') }
		);
		buildParticipant(world, { now: day('2026-03-11') });

		const view = meetingView(world.db, world.actors.pcg_member, m.meetingId, { now: day('2026-03-12') });
		const frozen = view.figures[item.agendaItemId];
		expect(frozen.computedAt).toBe(day('2026-03-10').toISOString());
		const referred = frozen.figures.find((f) => f.id === 'enrolment')!.rows.find((r) => r.key === 'referred');
		expect(referred?.cells.now).toBe(1);
		// The live figures have moved on; the snapshot has not.
		expect(
			countFigures(world.db, world.jurisdiction.id, frozen.period, day('2026-03-12')).current.referrals
		).toBe(2);
		expect(world.db.select().from(figureSnapshots).all()).toHaveLength(1);
	});
});

describe('API tokens for dashboards', () => {
	it('are issued and revoked by the administrator only, read figures while live, and are kept as a hash', async () => {
		world = buildWorld();
		const admin = world.actors.admin;
		expect(() =>
			perform(world.db, world.actors.facilitator, issueApiToken, { name: 'State dashboard' })
		).toThrow();
		const prepared = await issueApiToken.prepare!(
			{ name: 'State dashboard' },
			{ hashPassword: () => Promise.resolve('') }
		);
		const issued = perform(world.db, admin, issueApiToken, { name: 'State dashboard' }, {}, prepared).data;
		expect(issued.token).toMatch(/^leadfig_/);
		const stored = JSON.stringify(world.sqlite.prepare('select * from api_tokens').all());
		expect(stored).not.toContain(issued.token);

		const read = (authorization: string) =>
			figuresApi(
				world.db,
				{ actor: null, authorization, query: new URLSearchParams(MARCH), sourceAddress: null },
				day('2026-04-01')
			);
		expect(read(`Bearer ${issued.token}`).status).toBe(200);
		expect(read('Bearer leadfig_not-a-real-token-at-all-0000000000000000000').status).toBe(401);

		perform(world.db, admin, revokeApiToken, { tokenId: issued.id });
		expect(read(`Bearer ${issued.token}`).status).toBe(401);
	});
});
