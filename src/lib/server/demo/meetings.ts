/**
 * Demo meetings for "King County (demo)": the next operational workgroup (a draft, so the
 * facilitator can build its agenda from the roster), the next Policy Coordinating Group (agenda
 * published for review), and the last workgroup, held two weeks ago, with approved minutes,
 * decisions on participants' timelines and action items still open. Built through the board's
 * commands, so every record is one the board itself could have made.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '../db';
import { agencies, user } from '../db/schema';
import { participants } from '../db/participants.schema';
import { YjsStore } from '../notes/yjs-store';
import { loadActor } from '../users';
import type { Actor } from '../policy';
import type { AgencyKind, Role } from '../../shared/roles';
import { yjsRooms } from '../../shared/events';
import { NOTES_FRAGMENT } from '../../shared/notes';
import { perform } from '../commands/command';
import { addAgendaItem } from '../meetings/agenda';
import { addActionItem, addDecision, setActionItemStatus } from '../meetings/decisions';
import {
	approveMinutes,
	createMeeting,
	endMeeting,
	moveNowDiscussing,
	publishAgenda,
	startMeeting
} from '../meetings/lifecycle';
import { markAttendance } from '../meetings/attendance';

const DAY = 86_400_000;
const WORKGROUP_AGENCIES: AgencyKind[] = ['police', 'prosecution', 'defense', 'case_management', 'program'];

function at(now: Date, days: number, hour: number): Date {
	const d = new Date(now.getTime() + days * DAY);
	d.setUTCHours(hour, 0, 0, 0);
	return d;
}

function cast(db: Db, jurisdictionId: string) {
	const rows = db
		.select()
		.from(user)
		.where(eq(user.jurisdictionId, jurisdictionId))
		.orderBy(asc(user.createdAt))
		.all();
	const byRole = (role: Role): Actor => {
		const row = rows.find((u) => u.role === role);
		const actor = row ? loadActor(db, row.id) : null;
		if (!actor) throw new Error(`Demo meetings: no ${role}`);
		return actor;
	};
	const agencyRows = db.select().from(agencies).where(eq(agencies.jurisdictionId, jurisdictionId)).all();
	const agencyIds = (kinds: AgencyKind[]) =>
		agencyRows.filter((a) => kinds.includes(a.kind)).map((a) => a.id);
	return { byRole, agencyIds, agencyOf: (kind: AgencyKind) => agencyIds([kind])[0] };
}

/** Writes a small notes document straight into the notes store (as the notes server would). */
function seedNotes(db: Db, meetingId: string, lines: string[]): void {
	const doc = new Y.Doc();
	const fragment = doc.getXmlFragment(NOTES_FRAGMENT);
	fragment.insert(
		0,
		lines.map((line) => {
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(line)]);
			return p;
		})
	);
	new YjsStore(db).compact(yjsRooms.meetingNotes(meetingId), Y.encodeStateAsUpdate(doc), 0);
	doc.destroy();
}

export function seedDemoMeetings(db: Db, jurisdictionId: string, now: Date): void {
	const c = cast(db, jurisdictionId);
	const facilitator = c.byRole('facilitator');
	// Created first, so "the workgroup meeting" of a plain query is the upcoming one.
	perform(
		db,
		facilitator,
		createMeeting,
		{
			kind: 'operational_workgroup',
			startsAt: at(now, 2, 17).toISOString(),
			location: 'Conference room B, Public Safety Building',
			callLink: 'https://meet.example.org/lead-workgroup',
			invitedAgencyIds: c.agencyIds(WORKGROUP_AGENCIES)
		},
		{ now: at(now, -3, 16) }
	);
	seedPolicyGroup(db, c, facilitator, now);
	seedLastWorkgroup(db, c, facilitator, now);
}

type Cast = ReturnType<typeof cast>;

function seedPolicyGroup(db: Db, c: Cast, facilitator: Actor, now: Date): void {
	const when = { now: at(now, -2, 16) };
	const { data } = perform(
		db,
		facilitator,
		createMeeting,
		{
			kind: 'policy_group',
			startsAt: at(now, 16, 18).toISOString(),
			location: 'County Council chambers',
			invitedAgencyIds: c.agencyIds([...WORKGROUP_AGENCIES, 'policy_group', 'evaluation'])
		},
		when
	);
	let version = 1;
	const items = [
		{
			title: 'Program figures: referrals by pathway and by race/ethnicity since the last PCG',
			kind: 'program_figures',
			plannedMinutes: 20
		},
		{
			title: 'Eligibility: trespass driven by homelessness for arrest diversion',
			kind: 'policy_item',
			plannedMinutes: 25
		},
		{ title: 'Expansion of social-contact referrals to Riverside', kind: 'policy_item', plannedMinutes: 20 },
		{
			title: 'Case-management caseloads against the 20-per-manager target',
			kind: 'program_figures',
			plannedMinutes: 15
		}
	] as const;
	for (const item of items) {
		version = perform(
			db,
			facilitator,
			addAgendaItem,
			{ meetingId: data.meetingId, expectedVersion: version, ...item },
			when
		).data.version;
	}
	perform(db, facilitator, publishAgenda, { meetingId: data.meetingId, expectedVersion: version }, when);
}

/** Three participants the last meeting discussed: an overdue assessment, a new contact, a court date. */
function pickParticipants(db: Db, jurisdictionId: string): string[] {
	const rows = db
		.select({ id: participants.id, status: participants.status })
		.from(participants)
		.where(
			and(
				eq(participants.jurisdictionId, jurisdictionId),
				inArray(participants.status, ['enrolled', 'assessment_pending', 'unable_to_locate'])
			)
		)
		.orderBy(asc(participants.code))
		.all();
	const pick = (status: string) => rows.find((r) => r.status === status)?.id;
	return [pick('assessment_pending'), pick('enrolled'), pick('unable_to_locate')].filter((id): id is string =>
		Boolean(id)
	);
}

function seedLastWorkgroup(db: Db, c: Cast, facilitator: Actor, now: Date): void {
	const held = at(now, -14, 17);
	const step = (minutes: number) => ({ now: new Date(held.getTime() + minutes * 60_000) });
	const { data } = perform(
		db,
		facilitator,
		createMeeting,
		{
			kind: 'operational_workgroup',
			startsAt: held.toISOString(),
			location: 'Conference room B, Public Safety Building',
			invitedAgencyIds: c.agencyIds(WORKGROUP_AGENCIES)
		},
		{ now: at(now, -18, 16) }
	);
	const meetingId = data.meetingId;
	let version = 1;
	const itemIds: string[] = [];
	const [pending, enrolled, missing] = pickParticipants(db, facilitator.jurisdictionId);
	const reviews: [string | undefined, string][] = [
		[pending, 'Assessment overdue'],
		[enrolled, 'New police contact'],
		[missing, 'Unable to locate']
	];
	for (const [participantId, title] of reviews) {
		if (!participantId) continue;
		const r = perform(
			db,
			facilitator,
			addAgendaItem,
			{
				meetingId,
				expectedVersion: version,
				title,
				kind: 'participant_review',
				participantId,
				plannedMinutes: 5
			},
			step(-60)
		);
		version = r.data.version;
		itemIds.push(r.data.agendaItemId);
	}
	version = perform(db, facilitator, publishAgenda, { meetingId, expectedVersion: version }, step(-50)).data
		.version;
	version = perform(db, facilitator, startMeeting, { meetingId, expectedVersion: version }, step(0)).data
		.version;
	for (const role of ['prosecutor', 'police_sergeant', 'case_manager', 'defender'] as const) {
		perform(
			db,
			facilitator,
			markAttendance,
			{ meetingId, userId: c.byRole(role).userId, inRoom: true },
			step(1)
		);
	}
	recordDemoOutcomes(db, c, facilitator, meetingId, itemIds, step);
	seedNotes(db, meetingId, [
		'Prosecution will hold the pending charge while the assessment is rescheduled.',
		'HCPD to include the participant in Thursday outreach; case management to follow up the same day.',
		'Next meeting: review the caseload figures before the PCG.'
	]);
	version = perform(db, facilitator, endMeeting, { meetingId, expectedVersion: version }, step(40)).data
		.version;
	perform(
		db,
		facilitator,
		approveMinutes,
		{ meetingId, expectedVersion: version },
		{ now: at(now, -12, 16) }
	);
}

function recordDemoOutcomes(
	db: Db,
	c: Cast,
	facilitator: Actor,
	meetingId: string,
	itemIds: string[],
	step: (minutes: number) => { now: Date }
): void {
	const [first, second, third] = itemIds;
	const due = (days: number, base: Date) => new Date(base.getTime() + days * DAY).toISOString().slice(0, 10);
	if (first) {
		perform(
			db,
			facilitator,
			addDecision,
			{
				meetingId,
				agendaItemId: first,
				kind: 'charge_held_pending_engagement',
				text: 'Hold the pending charge while the assessment is rescheduled.',
				agreeingAgencyIds: [c.agencyOf('prosecution'), c.agencyOf('case_management'), c.agencyOf('defense')]
			},
			step(4)
		);
		perform(
			db,
			facilitator,
			addActionItem,
			{
				meetingId,
				agendaItemId: first,
				what: 'Reschedule the intake assessment and confirm the date with the prosecutor.',
				ownerAgencyId: c.agencyOf('case_management'),
				ownerUserId: c.byRole('case_manager').userId,
				dueDate: due(7, step(4).now)
			},
			step(5)
		);
	}
	if (second) {
		perform(db, facilitator, moveNowDiscussing, { meetingId, agendaItemId: second }, step(8));
		perform(
			db,
			facilitator,
			addDecision,
			{
				meetingId,
				agendaItemId: second,
				kind: 'police_outreach',
				text: 'Joint outreach on Thursday; no new charge referred.',
				agreeingAgencyIds: [c.agencyOf('police'), c.agencyOf('case_management'), c.agencyOf('prosecution')]
			},
			step(10)
		);
		const done = perform(
			db,
			facilitator,
			addActionItem,
			{
				meetingId,
				agendaItemId: second,
				what: 'Include the participant in Thursday outreach.',
				ownerAgencyId: c.agencyOf('police'),
				ownerUserId: c.byRole('police_sergeant').userId,
				dueDate: due(3, step(10).now)
			},
			step(11)
		);
		perform(
			db,
			c.byRole('police_sergeant'),
			setActionItemStatus,
			{ actionItemId: done.data.actionItemId, status: 'done', expectedVersion: 1 },
			{ now: new Date(step(0).now.getTime() + 3 * DAY) }
		);
	}
	if (third) {
		perform(db, facilitator, moveNowDiscussing, { meetingId, agendaItemId: third }, step(16));
		perform(
			db,
			facilitator,
			addDecision,
			{
				meetingId,
				agendaItemId: third,
				kind: 'locate_by_case_management',
				text: 'Case management checks the usual places before anyone else acts.',
				agreeingAgencyIds: [c.agencyOf('case_management'), c.agencyOf('police')]
			},
			step(18)
		);
		perform(
			db,
			facilitator,
			addActionItem,
			{
				meetingId,
				agendaItemId: third,
				what: 'Check shelters and the day centre; report back at the next meeting.',
				ownerAgencyId: c.agencyOf('case_management'),
				dueDate: due(21, step(18).now)
			},
			step(19)
		);
	}
}
