import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { meetings } from '../../src/lib/server/db/schema';
import { agendaItems, meetingNoteVersions } from '../../src/lib/server/db/meetings.schema';
import { participantEvents, planGoals } from '../../src/lib/server/db/participants.schema';
import { meetingView, proposeAgenda } from '../../src/lib/server/meetings';
import { YjsStore } from '../../src/lib/server/notes/yjs-store';
import { yjsRooms } from '../../src/lib/shared/events';
import { NOTES_FRAGMENT } from '../../src/lib/shared/notes';
import { buildParticipant, buildWorld, snapshotDatabase, type World } from '../helpers/factories';
import {
	addActionItem,
	addAgendaItem,
	addComment,
	addContact,
	addDecision,
	addLegalMatter,
	addPlanGoal,
	approveMinutes,
	buildAgendaFromRoster,
	changeStatus,
	createMeeting,
	endMeeting,
	flagForDiscussion,
	markAttendance,
	moveAgendaItem,
	moveNowDiscussing,
	publishAgenda,
	removeAgendaItem,
	reorderAgenda,
	setActionItemStatus,
	startMeeting,
	updateAgendaItem,
	updateMeeting
} from '../helpers/commands';

const NOW = new Date('2026-05-04T17:00:00.000Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const iso = (d: Date) => d.toISOString();

let w: World;
beforeEach(() => {
	w = buildWorld();
});
afterEach(() => w.close());

const workgroupAgencies = () => [
	w.agencyIds.police,
	w.agencyIds.prosecution,
	w.agencyIds.defense,
	w.agencyIds.case_management,
	w.agencyIds.program
];

function newMeeting(
	startsAt = NOW,
	kind: 'operational_workgroup' | 'policy_group' = 'operational_workgroup'
) {
	return createMeeting(
		w.db,
		w.actors.facilitator,
		{ kind, startsAt: iso(startsAt), invitedAgencyIds: workgroupAgencies() },
		{ now: ago(3) }
	).data.meetingId;
}
const deniedMeetingWrites = (meetingId: string) =>
	w.db
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.objectId, meetingId), eq(auditEvents.outcome, 'denied')))
		.all().length;
const version = (meetingId: string) =>
	w.db.select().from(meetings).where(eq(meetings.id, meetingId)).get()!.version;

/** A participant referred `daysAgo` days before NOW (arrest diversion starts the 30-day clock). */
function participant(
	daysAgo: number,
	pathway: 'arrest_diversion' | 'social_contact' = 'arrest_diversion',
	name = 'Testy McFixture'
) {
	const at = ago(daysAgo);
	const input = {
		occurredAt: iso(at),
		pathway,
		person: {
			legalName: name,
			aliases: [],
			dateOfBirth: '1990-04-02',
			raceEthnicity: 'white',
			gender: 'man'
		},
		...(pathway === 'social_contact' ? { offence: undefined, offenceCategory: undefined } : {})
	};
	return buildParticipant(w, { now: new Date(at.getTime() + 3_600_000), input });
}

/** Runs a meeting from start to approval so it becomes "the last meeting". */
function holdMeeting(meetingId: string, at: Date) {
	const v1 = startMeeting(
		w.db,
		w.actors.facilitator,
		{ meetingId, expectedVersion: version(meetingId) },
		{ now: at }
	).data.version;
	const v2 = endMeeting(
		w.db,
		w.actors.facilitator,
		{ meetingId, expectedVersion: v1 },
		{ now: new Date(at.getTime() + 3_600_000) }
	).data.version;
	return v2;
}

describe('building an agenda from the roster', () => {
	it('proposes one item per flagged participant, with each flag as a reason, most urgent first', () => {
		const previous = newMeeting(ago(14));
		holdMeeting(previous, ago(14));
		const overdue = participant(40, 'arrest_diversion', 'Overdue Person');
		const dueSoon = participant(25, 'arrest_diversion', 'Due Soon Person');
		const referred = participant(3, 'social_contact', 'New Referral Person');
		const contact = participant(100, 'social_contact', 'Contact Person');
		addContact(
			w.db,
			w.actors.police_officer,
			{
				participantId: contact.participantId,
				kind: 'police_social_contact',
				occurredAt: iso(ago(2)),
				note: 'Spoke near the station.'
			},
			{ now: ago(2) }
		);
		const court = participant(100, 'social_contact', 'Court Person');
		addLegalMatter(
			w.db,
			w.actors.prosecutor,
			{
				participantId: court.participantId,
				caseNumber: '26-1-0001',
				court: 'District court',
				charge: 'Trespass',
				nextCourtDate: iso(new Date(NOW.getTime() + 5 * DAY))
			},
			{ now: ago(1) }
		);
		const missing = participant(100, 'social_contact', 'Missing Person');
		changeStatus(
			w.db,
			w.actors.case_manager,
			{
				participantId: missing.participantId,
				to: 'unable_to_locate',
				reason: 'No contact for weeks.',
				expectedVersion: missing.version
			},
			{ now: ago(1) }
		);
		const flagged = participant(100, 'social_contact', 'Flagged Person');
		flagForDiscussion(
			w.db,
			w.actors.police_sergeant,
			{ participantId: flagged.participantId },
			{ now: ago(1) }
		);
		const quiet = participant(100, 'social_contact', 'Quiet Person');

		const meetingId = newMeeting();
		const proposal = proposeAgenda(w.db, w.actors.facilitator, meetingId, { now: NOW });
		const reasonsOf = (id: string) => proposal.items.find((i) => i.participantId === id)?.reasons;
		expect(reasonsOf(overdue.participantId)).toEqual(['assessment_overdue']);
		expect(reasonsOf(dueSoon.participantId)).toEqual(['assessment_due_soon']);
		expect(reasonsOf(referred.participantId)).toEqual(['new_referral']);
		expect(reasonsOf(contact.participantId)).toEqual(['new_police_contact']);
		expect(reasonsOf(court.participantId)).toEqual(['court_within_14_days']);
		expect(reasonsOf(missing.participantId)).toEqual(['unable_to_locate']);
		expect(reasonsOf(flagged.participantId)).toEqual(['flagged_for_discussion']);
		expect(reasonsOf(quiet.participantId)).toBeUndefined();
		expect(proposal.items.map((i) => i.reasons[0])).toEqual([
			'assessment_overdue',
			'assessment_due_soon',
			'court_within_14_days',
			'new_police_contact',
			'new_referral',
			'unable_to_locate',
			'flagged_for_discussion'
		]);
		expect(proposal.since.toISOString()).toBe(ago(14).toISOString());
	});

	it('never copies a participant field (name, clinical goals) into agenda items', () => {
		const p = participant(40, 'arrest_diversion', 'Zebediah Uniquename');
		addPlanGoal(
			w.db,
			w.actors.case_manager,
			{
				participantId: p.participantId,
				domain: 'substance_use_treatment',
				description: 'Start methadone at the Eastside clinic'
			},
			{ now: ago(1) }
		);
		expect(w.db.select().from(planGoals).all()).toHaveLength(1);
		const meetingId = newMeeting();
		const built = buildAgendaFromRoster(
			w.db,
			w.actors.facilitator,
			{ meetingId, expectedVersion: 1 },
			{ now: NOW }
		);
		expect(built.data.added).toBe(1);
		const stored = JSON.stringify(w.db.select().from(agendaItems).all());
		expect(stored).not.toContain('Uniquename');
		expect(stored).not.toContain('methadone');
		expect(stored).toContain('Assessment overdue');
	});

	it('skips participants already on the agenda and refuses a stale build', () => {
		participant(40);
		const meetingId = newMeeting();
		const first = buildAgendaFromRoster(
			w.db,
			w.actors.facilitator,
			{ meetingId, expectedVersion: 1 },
			{ now: NOW }
		);
		expect(first.data.added).toBe(1);
		expect(() =>
			buildAgendaFromRoster(w.db, w.actors.facilitator, { meetingId, expectedVersion: 1 }, { now: NOW })
		).toThrow(/changed by someone else/);
		const again = buildAgendaFromRoster(
			w.db,
			w.actors.facilitator,
			{ meetingId, expectedVersion: first.data.version },
			{ now: NOW }
		);
		expect(again.data.added).toBe(0);
	});

	it('is the facilitator’s alone', () => {
		const meetingId = newMeeting();
		expect(() => proposeAgenda(w.db, w.actors.prosecutor, meetingId, { now: NOW })).toThrow(/not allowed/);
	});

	it('reorders by drag (a full order) and by keyboard (one place up or down), refusing a partial order', () => {
		const meetingId = newMeeting();
		let v = 1;
		const ids: string[] = [];
		for (const title of ['A', 'B', 'C']) {
			const r = addAgendaItem(w.db, w.actors.facilitator, {
				meetingId,
				expectedVersion: v,
				title,
				kind: 'policy_item',
				plannedMinutes: 5
			});
			v = r.data.version;
			ids.push(r.data.agendaItemId);
		}
		const titles = () =>
			meetingView(w.db, w.actors.facilitator, meetingId)
				.agenda.map((i) => i.title)
				.join('');
		v = reorderAgenda(w.db, w.actors.facilitator, {
			meetingId,
			expectedVersion: v,
			order: [ids[2], ids[0], ids[1]]
		}).data.version;
		expect(titles()).toBe('CAB');
		v = moveAgendaItem(w.db, w.actors.facilitator, {
			meetingId,
			expectedVersion: v,
			agendaItemId: ids[1],
			direction: 'up'
		}).data.version;
		expect(titles()).toBe('CBA');
		expect(() =>
			reorderAgenda(w.db, w.actors.facilitator, { meetingId, expectedVersion: v, order: [ids[0], ids[1]] })
		).toThrow(/every agenda item/);
		v = removeAgendaItem(w.db, w.actors.facilitator, { meetingId, expectedVersion: v, agendaItemId: ids[2] })
			.data.version;
		expect(titles()).toBe('BA');
		expect(meetingView(w.db, w.actors.facilitator, meetingId).agenda.map((i) => i.position)).toEqual([1, 2]);
	});
});

describe('action items', () => {
	it('carry onto every later agenda until someone marks them done', () => {
		const p = participant(100, 'social_contact');
		const first = newMeeting(ago(28));
		const item = addAgendaItem(w.db, w.actors.facilitator, {
			meetingId: first,
			expectedVersion: 1,
			title: 'Review',
			kind: 'participant_review',
			participantId: p.participantId,
			plannedMinutes: 5
		});
		startMeeting(
			w.db,
			w.actors.facilitator,
			{ meetingId: first, expectedVersion: item.data.version },
			{ now: ago(28) }
		);
		const action = addActionItem(
			w.db,
			w.actors.prosecutor,
			{
				meetingId: first,
				agendaItemId: item.data.agendaItemId,
				what: 'Confirm the court date with the defender.',
				ownerAgencyId: w.agencyIds.prosecution,
				dueDate: '2026-04-20'
			},
			{ now: ago(28) }
		);
		endMeeting(
			w.db,
			w.actors.facilitator,
			{ meetingId: first, expectedVersion: version(first) },
			{ now: ago(28) }
		);

		const second = newMeeting(ago(14));
		const carried = (meetingId: string) =>
			meetingView(w.db, w.actors.facilitator, meetingId, { now: NOW }).carriedActionItems;
		expect(carried(second).map((a) => a.actionItemId)).toEqual([action.data.actionItemId]);
		expect(carried(second)[0].overdue).toBe(true);
		const proposal = proposeAgenda(w.db, w.actors.facilitator, second, { now: ago(14) });
		expect(proposal.items.find((i) => i.participantId === p.participantId)?.reasons).toContain(
			'open_action_items'
		);

		const third = newMeeting(NOW);
		expect(carried(third)).toHaveLength(1);
		setActionItemStatus(w.db, w.actors.prosecutor, {
			actionItemId: action.data.actionItemId,
			status: 'done',
			expectedVersion: 1
		});
		expect(carried(third)).toHaveLength(0);
		expect(
			proposeAgenda(w.db, w.actors.facilitator, third, { now: NOW }).items.find(
				(i) => i.participantId === p.participantId
			)
		).toBeUndefined();
	});

	it('refuses a stale status change, and one from an agency that does not own the item', () => {
		const { meetingId, itemId } = liveMeetingWithItem();
		const a = addActionItem(w.db, w.actors.facilitator, {
			meetingId,
			agendaItemId: itemId,
			what: 'Draft the protocol.',
			ownerAgencyId: w.agencyIds.case_management,
			dueDate: '2026-05-20'
		});
		expect(() =>
			setActionItemStatus(w.db, w.actors.police_officer, {
				actionItemId: a.data.actionItemId,
				status: 'done',
				expectedVersion: 1
			})
		).toThrow(/not allowed/);
		setActionItemStatus(w.db, w.actors.case_manager, {
			actionItemId: a.data.actionItemId,
			status: 'done',
			expectedVersion: 1
		});
		expect(() =>
			setActionItemStatus(w.db, w.actors.case_manager, {
				actionItemId: a.data.actionItemId,
				status: 'open',
				expectedVersion: 1
			})
		).toThrow(/changed by someone else/);
	});
});

function liveMeetingWithItem(participantId?: string) {
	const meetingId = newMeeting();
	const item = addAgendaItem(
		w.db,
		w.actors.facilitator,
		participantId
			? {
					meetingId,
					expectedVersion: 1,
					title: 'Review',
					kind: 'participant_review',
					participantId,
					plannedMinutes: 5
				}
			: { meetingId, expectedVersion: 1, title: 'Protocol', kind: 'policy_item', plannedMinutes: 10 }
	);
	publishAgenda(w.db, w.actors.facilitator, { meetingId, expectedVersion: item.data.version });
	startMeeting(w.db, w.actors.facilitator, { meetingId, expectedVersion: version(meetingId) }, { now: NOW });
	return { meetingId, itemId: item.data.agendaItemId };
}

describe('decisions on participant items', () => {
	it('append to the participant’s timeline, linked to the meeting, in the same transaction', () => {
		const p = participant(40);
		const { meetingId, itemId } = liveMeetingWithItem(p.participantId);
		const result = addDecision(
			w.db,
			w.actors.prosecutor,
			{
				meetingId,
				agendaItemId: itemId,
				kind: 'charge_held_pending_engagement',
				text: 'Hold while the assessment is rescheduled.',
				agreeingAgencyIds: [w.agencyIds.prosecution, w.agencyIds.case_management]
			},
			{ now: NOW }
		);
		expect(result.changes.participants).toHaveLength(1);
		const entry = w.db
			.select()
			.from(participantEvents)
			.where(eq(participantEvents.kind, 'meeting.decision'))
			.get()!;
		expect(entry.participantId).toBe(p.participantId);
		expect(entry.payload.refs?.meetingId).toBe(meetingId);
		expect(entry.payload.segments.find((s) => s.c === 'legal')?.t).toContain(
			'Hold while the assessment is rescheduled.'
		);
	});

	it('needs the acting agency among those that agreed, and a kind', () => {
		const p = participant(40);
		const { meetingId, itemId } = liveMeetingWithItem(p.participantId);
		const before = snapshotDatabase(w);
		expect(() =>
			addDecision(w.db, w.actors.facilitator, {
				meetingId,
				agendaItemId: itemId,
				kind: 'charge_held_pending_engagement',
				text: 'Hold.',
				agreeingAgencyIds: [w.agencyIds.police]
			})
		).toThrow(/acts on this decision/);
		expect(() =>
			addDecision(w.db, w.actors.facilitator, {
				meetingId,
				agendaItemId: itemId,
				text: 'Hold.',
				agreeingAgencyIds: [w.agencyIds.police]
			})
		).toThrow(/kind of decision/);
		expect(snapshotDatabase(w).digest).toBe(before.digest);
	});

	it('returns the first result for a repeated idempotency key and writes once', () => {
		const { meetingId, itemId } = liveMeetingWithItem();
		const input = {
			meetingId,
			agendaItemId: itemId,
			text: 'Adopt the protocol.',
			agreeingAgencyIds: [w.agencyIds.program],
			idempotencyKey: 'decision-key-0001'
		};
		const a = addDecision(w.db, w.actors.facilitator, input);
		const b = addDecision(w.db, w.actors.facilitator, input);
		expect(b.data.decisionId).toBe(a.data.decisionId);
		expect(meetingView(w.db, w.actors.facilitator, meetingId).agenda[0].decisions).toHaveLength(1);
	});
});

describe('the live meeting', () => {
	it('times each item: the spent time of the item left behind grows by the time discussed', () => {
		const meetingId = newMeeting();
		const a = addAgendaItem(w.db, w.actors.facilitator, {
			meetingId,
			expectedVersion: 1,
			title: 'A',
			kind: 'other',
			plannedMinutes: 5
		});
		const b = addAgendaItem(w.db, w.actors.facilitator, {
			meetingId,
			expectedVersion: a.data.version,
			title: 'B',
			kind: 'other',
			plannedMinutes: 5
		});
		startMeeting(w.db, w.actors.facilitator, { meetingId, expectedVersion: b.data.version }, { now: NOW });
		moveNowDiscussing(
			w.db,
			w.actors.facilitator,
			{ meetingId, agendaItemId: b.data.agendaItemId },
			{ now: new Date(NOW.getTime() + 90_000) }
		);
		const view = meetingView(w.db, w.actors.facilitator, meetingId);
		expect(view.agenda[0].spentSeconds).toBe(90);
		expect(view.live.currentItemId).toBe(b.data.agendaItemId);
		expect(() =>
			moveNowDiscussing(w.db, w.actors.prosecutor, { meetingId, agendaItemId: a.data.agendaItemId })
		).toThrow(/not allowed/);
	});
});

describe('ending and approving', () => {
	function writeNotes(meetingId: string, text: string) {
		const doc = new Y.Doc();
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText(text)]);
		doc.getXmlFragment(NOTES_FRAGMENT).insert(0, [p]);
		new YjsStore(w.db).append(yjsRooms.meetingNotes(meetingId), Y.encodeStateAsUpdate(doc));
	}

	it('keeps the notes as named versions: "As discussed" at the end, "Approved minutes" at approval', () => {
		const { meetingId } = liveMeetingWithItem();
		writeNotes(meetingId, 'Protocol adopted by consensus.');
		const ended = endMeeting(w.db, w.actors.facilitator, { meetingId, expectedVersion: version(meetingId) });
		expect(ended.data.notesVersionStored).toBe(true);
		approveMinutes(w.db, w.actors.facilitator, { meetingId, expectedVersion: ended.data.version });
		const versions = w.db
			.select()
			.from(meetingNoteVersions)
			.where(eq(meetingNoteVersions.meetingId, meetingId))
			.all();
		expect(versions.map((v) => [v.label, v.text])).toEqual([
			['As discussed', 'Protocol adopted by consensus.'],
			['Approved minutes', 'Protocol adopted by consensus.']
		]);
		const restored = new Y.Doc();
		Y.applyUpdate(restored, versions[0].state);
		expect(restored.getXmlFragment(NOTES_FRAGMENT).length).toBe(1);
	});

	it('makes the meeting read-only once the minutes are approved: every meeting write is refused and nothing changes', () => {
		const p = participant(40);
		const { meetingId, itemId } = liveMeetingWithItem(p.participantId);
		const action = addActionItem(w.db, w.actors.facilitator, {
			meetingId,
			agendaItemId: itemId,
			what: 'Call back.',
			ownerAgencyId: w.agencyIds.case_management,
			dueDate: '2026-05-20'
		});
		const ended = endMeeting(w.db, w.actors.facilitator, { meetingId, expectedVersion: version(meetingId) });
		const approved = approveMinutes(w.db, w.actors.facilitator, {
			meetingId,
			expectedVersion: ended.data.version
		});
		const v = approved.data.version;
		const f = w.actors.facilitator;
		const before = snapshotDatabase(w, { except: ['audit_events'] });
		const deniedSoFar = deniedMeetingWrites(meetingId);
		const writes: [string, () => unknown][] = [
			['details', () => updateMeeting(w.db, f, { meetingId, expectedVersion: v, title: 'Renamed' })],
			[
				'add item',
				() =>
					addAgendaItem(w.db, f, {
						meetingId,
						expectedVersion: v,
						title: 'Late',
						kind: 'other',
						plannedMinutes: 5
					})
			],
			[
				'edit item',
				() =>
					updateAgendaItem(w.db, f, { meetingId, expectedVersion: v, agendaItemId: itemId, title: 'Renamed' })
			],
			[
				'remove item',
				() => removeAgendaItem(w.db, f, { meetingId, expectedVersion: v, agendaItemId: itemId })
			],
			['reorder', () => reorderAgenda(w.db, f, { meetingId, expectedVersion: v, order: [itemId] })],
			['build', () => buildAgendaFromRoster(w.db, f, { meetingId, expectedVersion: v })],
			['publish', () => publishAgenda(w.db, f, { meetingId, expectedVersion: v })],
			['start', () => startMeeting(w.db, f, { meetingId, expectedVersion: v })],
			['move', () => moveNowDiscussing(w.db, f, { meetingId, agendaItemId: itemId })],
			['end', () => endMeeting(w.db, f, { meetingId, expectedVersion: v })],
			['approve', () => approveMinutes(w.db, f, { meetingId, expectedVersion: v })],
			[
				'comment',
				() => addComment(w.db, w.actors.prosecutor, { meetingId, agendaItemId: itemId, body: 'Late comment' })
			],
			[
				'decision',
				() =>
					addDecision(w.db, f, {
						meetingId,
						agendaItemId: itemId,
						kind: 'other',
						text: 'Late',
						agreeingAgencyIds: [w.agencyIds.program]
					})
			],
			[
				'action',
				() =>
					addActionItem(w.db, f, {
						meetingId,
						agendaItemId: itemId,
						what: 'Late',
						ownerAgencyId: w.agencyIds.program,
						dueDate: '2026-06-01'
					})
			],
			[
				'attendance',
				() => markAttendance(w.db, f, { meetingId, userId: w.users.prosecutor.id, inRoom: true })
			]
		];
		for (const [name, write] of writes) {
			expect(write, name).toThrow(/read-only/);
		}
		expect(snapshotDatabase(w, { except: ['audit_events'] }).digest).toBe(before.digest);
		// Each attempt on the approved minutes is in the audit trail, as denied.
		expect(deniedMeetingWrites(meetingId)).toBe(deniedSoFar + writes.length);
		const view = meetingView(w.db, f, meetingId);
		expect(
			Object.entries(view.allowed)
				.filter(([, ok]) => ok)
				.map(([a]) => a)
				.sort()
		).toEqual(['meeting.agenda.view', 'meeting.notes.read', 'meeting.view']);
		// Follow-up on an action item is the action item's own record, not the minutes.
		setActionItemStatus(w.db, w.actors.case_manager, {
			actionItemId: action.data.actionItemId,
			status: 'done',
			expectedVersion: 1
		});
	});
});

describe('input at the boundary', () => {
	it('refuses unknown keys, __proto__, wrong types and huge strings without writing', () => {
		const meetingId = newMeeting();
		const before = snapshotDatabase(w);
		const bad: unknown[] = [
			{ meetingId, expectedVersion: 1, title: 'x', kind: 'other', plannedMinutes: 5, extra: 1 },
			JSON.parse(
				`{"meetingId":"${meetingId}","expectedVersion":1,"title":"x","kind":"other","plannedMinutes":5,"__proto__":{"admin":true}}`
			),
			{ meetingId, expectedVersion: '1', title: 'x', kind: 'other', plannedMinutes: 5 },
			{ meetingId, expectedVersion: 1, title: 'x'.repeat(10_000), kind: 'other', plannedMinutes: 5 },
			{ meetingId, expectedVersion: 1, title: 'x', kind: 'participant_review', plannedMinutes: 5 },
			null,
			'add'
		];
		for (const input of bad)
			expect(() => addAgendaItem(w.db, w.actors.facilitator, input)).toThrow(/need attention/);
		expect(snapshotDatabase(w).digest).toBe(before.digest);
	});
});
