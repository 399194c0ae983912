import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { meetings, type Meeting } from '../../src/lib/server/db/schema';
import { agendaItems } from '../../src/lib/server/db/meetings.schema';
import { itemFocus, listMeetingsFor, meetingView, roomView } from '../../src/lib/server/meetings';
import { seedDemoMeetings } from '../../src/lib/server/demo/meetings';
import {
	participantCardView,
	participantDetailView,
	rosterView
} from '../../src/lib/server/participants/views';
import type { Actor } from '../../src/lib/server/policy';
import { itemFocusSchema, meetingViewSchema, roomViewSchema } from '../../src/lib/shared/meeting-views';
import {
	cardChangeSchema,
	participantCardSchema,
	participantDetailSchema,
	rosterViewSchema
} from '../../src/lib/shared/participant-views';
import type { Role } from '../../src/lib/shared/roles';
import { seedDemoRosterIn } from '../helpers/demo';
import { buildWorld, type World } from '../helpers/factories';
import { recordConsent } from '../helpers/commands';

const NOW = new Date('2026-11-20T18:00:00Z');
/** Roles that see participants, each from a different angle (own caseload, criminal justice, the table). */
const VIEWERS: Role[] = [
	'case_manager',
	'case_manager_supervisor',
	'police_officer',
	'prosecutor',
	'defender',
	'facilitator'
];
/** Everyone who may open a meeting, including roles that see no participant. */
const ATTENDEES: Role[] = [...VIEWERS, 'pcg_member', 'evaluator', 'admin'];

/** The schema's complaints about a value, as readable paths (empty when it is the contract's). */
function breaches(schema: z.ZodType, value: unknown): string[] {
	const parsed = schema.safeParse(value);
	return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

let w: World;
let participantIds: string[];

beforeAll(() => {
	w = buildWorld({ name: 'King County (demo)' }, null);
	seedDemoRosterIn(w, NOW);
	seedDemoMeetings(w.db, w.jurisdiction.id, NOW);
	participantIds = rosterView(w.db, w.actors.case_manager_supervisor, {}, { now: NOW }).cards.map(
		(c) => c.participantId
	);
	// A release to the police department, so consent lines, records and the Part 2 notice travel too.
	recordConsent(
		w.db,
		w.actors.case_manager_supervisor,
		{
			participantId: participantIds[0],
			recipient: `agency:${w.agencyIds.police}`,
			categories: ['clinical', 'plan'],
			purpose: 'Coordinate treatment with the referring officer',
			signedOn: '2026-11-01',
			until: 'date',
			validUntil: '2027-06-01'
		},
		{ now: NOW }
	);
});
afterAll(() => w.close());

describe('the participant views the server sends', () => {
	it('builds rosters that are the contract roster, whatever the role, filter or grouping', () => {
		for (const role of VIEWERS) {
			for (const query of [{}, { group: 'status' }, { group: 'caseManager' }]) {
				const roster = rosterView(w.db, w.actors[role], query, { now: NOW });
				expect(roster.total).toBeGreaterThan(0);
				expect(breaches(rosterViewSchema, roster), `${role} ${JSON.stringify(query)}`).toEqual([]);
			}
		}
	});

	it('builds cards and participant pages that are the contract card and detail, for every participant and role', () => {
		for (const role of VIEWERS) {
			for (const id of participantIds) {
				const card = participantCardView(w.db, w.actors[role], id, { now: NOW });
				expect(breaches(participantCardSchema, card), `${role} card ${id}`).toEqual([]);
				const detail = participantDetailView(w.db, w.actors[role], id, { now: NOW });
				expect(breaches(participantDetailSchema, detail), `${role} detail ${id}`).toEqual([]);
			}
		}
		// Every view of every demo participant for six roles: hundreds of pages, on a busy machine too.
	}, 60_000);

	it('sends the consent lines and records a release adds, as the contract names them', () => {
		const police = participantDetailView(w.db, w.actors.police_officer, participantIds[0], { now: NOW });
		const supervisor = participantDetailView(w.db, w.actors.case_manager_supervisor, participantIds[0], {
			now: NOW
		});
		expect(police.part2Notice).toBe(true);
		expect(police.consents).toHaveLength(1);
		expect(supervisor.consentRecords).toHaveLength(1);
		expect(breaches(participantDetailSchema, police)).toEqual([]);
		expect(breaches(participantDetailSchema, supervisor)).toEqual([]);
	});

	it('refuses a view that carries a field the contract does not name', () => {
		const card = participantCardView(w.db, w.actors.police_officer, participantIds[0], { now: NOW });
		expect(breaches(participantCardSchema, { ...card, legalName: 'leaked' })).toEqual([
			': Unrecognized key: "legalName"'
		]);
		const change = {
			card: { ...card, dateOfBirth: '1990-01-01' },
			seq: 1,
			kind: 'x',
			by: null,
			at: NOW.toISOString()
		};
		expect(breaches(cardChangeSchema, change)).toEqual(['card: Unrecognized key: "dateOfBirth"']);
	});
});

/** Each agenda item of a meeting in turn as "now discussing", as the facilitator would move it live. */
function eachItemLive(meeting: Meeting, run: (m: Meeting, item: typeof agendaItems.$inferSelect) => void) {
	const items = w.db.select().from(agendaItems).where(eq(agendaItems.meetingId, meeting.id)).all();
	for (const item of items) {
		const live = { status: 'live' as const, currentItemId: item.id, currentItemStartedAt: NOW };
		w.db.update(meetings).set(live).where(eq(meetings.id, meeting.id)).run();
		run({ ...meeting, ...live }, item);
	}
	w.db.update(meetings).set(meeting).where(eq(meetings.id, meeting.id)).run();
}

describe('the meeting views the server sends', () => {
	const everyMeeting = () => listMeetingsFor(w.db, w.actors.facilitator, { all: true });

	it('builds meeting views and item focus that are the contract view, for every invited role', () => {
		expect(everyMeeting().length).toBeGreaterThan(0);
		for (const role of ATTENDEES) {
			const actor: Actor = w.actors[role];
			for (const m of listMeetingsFor(w.db, actor, { all: true })) {
				const view = meetingView(w.db, actor, m.id, { now: NOW });
				expect(breaches(meetingViewSchema, view), `${role} ${m.title}`).toEqual([]);
				eachItemLive(m, (live, item) => {
					const focus = itemFocus(w.db, actor, live, item, NOW);
					expect(breaches(itemFocusSchema, focus), `${role} focus ${item.title}`).toEqual([]);
				});
			}
		}
	});

	it('builds room screens that are the contract room view, whoever is present', () => {
		const audiences: Role[][] = [[], ['case_manager'], ['police_officer', 'prosecutor'], VIEWERS, ATTENDEES];
		for (const m of everyMeeting()) {
			eachItemLive(m, (live, item) => {
				for (const audience of audiences) {
					const present = audience.map((role) => w.users[role].id);
					const room = roomView(w.db, live.id, w.jurisdiction.id, present, NOW);
					expect(room.item?.itemId).toBe(item.id);
					expect(breaches(roomViewSchema, room), `${audience.join('+')} ${item.title}`).toEqual([]);
				}
			});
		}
	});
});
