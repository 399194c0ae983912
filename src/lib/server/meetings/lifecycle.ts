/**
 * A meeting's life: created as a draft, published for review, started, steered item by item
 * ("now discussing" with a per-item timer), ended (notes kept "as discussed") and approved
 * (read-only from then on).
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { agencies, meetings, user, type Meeting } from '../db/schema';
import { agendaItems, discussionFlags, meetingAttendance } from '../db/meetings.schema';
import { invalidField, parseInput, type Conn } from '../participants/mutations';
import { authorize, type Action, type Actor } from '../policy';
import { notFound } from '../errors';
import { MEETING_KIND_LABELS } from '../../shared/meeting-events';
import { readNotesState, storeNoteVersion, type NotesState } from './notes';
import {
	authorizeMeeting,
	checkMeetingVersion,
	loadMeeting,
	runMeetingWrite,
	touchMeeting,
	type WriteOptions,
	type WriteResult
} from './records';
import { createMeetingInput, meetingVersionInput, nowDiscussingInput, updateMeetingInput } from './schemas';

/** Invitations must name agencies and people of the actor's own jurisdiction. */
function checkInvitations(tx: Conn, actor: Actor, agencyIds: string[], userIds: string[]): void {
	if (agencyIds.length) {
		const found = tx
			.select({ id: agencies.id })
			.from(agencies)
			.where(and(eq(agencies.jurisdictionId, actor.jurisdictionId), inArray(agencies.id, agencyIds)))
			.all();
		if (found.length !== new Set(agencyIds).size) throw invalidField('invitedAgencyIds', 'Unknown agency.');
	}
	if (userIds.length) {
		const found = tx
			.select({ id: user.id })
			.from(user)
			.where(and(eq(user.jurisdictionId, actor.jurisdictionId), inArray(user.id, userIds)))
			.all();
		if (found.length !== new Set(userIds).size) throw invalidField('invitedUserIds', 'Unknown person.');
	}
}

/**
 * One step of a meeting's life, as every step runs it: the meeting is loaded, the policy allows
 * `action`, the edit was made against the current version; then the step's own work, which
 * returns the meeting's new fields, and the version bump that announces `kind`. `extra` joins
 * the result (and its idempotent replay).
 */
function transition<T extends object = object>(
	db: Conn,
	actor: Actor,
	input: unknown,
	opts: WriteOptions,
	{ kind, action, extra = {} as T }: { kind: string; action: Action; extra?: T },
	step: (tx: Conn, m: Meeting, now: Date) => Partial<Meeting>
): WriteResult<{ version: number } & T> {
	const data = parseInput(meetingVersionInput, input);
	return runMeetingWrite(db, actor, kind, data.meetingId, opts, (tx, now, changes) => {
		const m = loadMeeting(tx, actor, data.meetingId);
		authorizeMeeting(actor, action, m);
		checkMeetingVersion(m, data.expectedVersion);
		const version = touchMeeting(tx, m, step(tx, m, now));
		changes.meeting(m.id, kind);
		return { version, ...extra };
	});
}

export function createMeeting(
	db: Conn,
	actor: Actor,
	input: unknown,
	opts: WriteOptions = {}
): WriteResult<{ meetingId: string }> {
	const data = parseInput(createMeetingInput, input);
	authorize(actor, 'meeting.create', { jurisdictionId: actor.jurisdictionId, kind: data.kind });
	const meetingId = crypto.randomUUID();
	return runMeetingWrite(db, actor, 'meeting.created', meetingId, opts, (tx, now, changes) => {
		checkInvitations(tx, actor, data.invitedAgencyIds, data.invitedUserIds);
		tx.insert(meetings)
			.values({
				id: meetingId,
				jurisdictionId: actor.jurisdictionId,
				kind: data.kind,
				title: data.title ?? MEETING_KIND_LABELS[data.kind],
				startsAt: data.startsAt,
				location: data.location ?? null,
				callLink: data.callLink ?? null,
				organizerUserId: actor.userId,
				invitedAgencyIds: [...new Set(data.invitedAgencyIds)],
				invitedUserIds: [...new Set(data.invitedUserIds)],
				createdAt: now
			})
			.run();
		changes.meeting(meetingId, 'meeting.created');
		return { meetingId };
	});
}

export function updateMeeting(
	db: Conn,
	actor: Actor,
	input: unknown,
	opts: WriteOptions = {}
): WriteResult<{ version: number }> {
	const data = parseInput(updateMeetingInput, input);
	return runMeetingWrite(db, actor, 'meeting.updated', data.meetingId, opts, (tx, _now, changes) => {
		const m = loadMeeting(tx, actor, data.meetingId);
		authorizeMeeting(actor, 'meeting.manage', m);
		checkMeetingVersion(m, data.expectedVersion);
		checkInvitations(tx, actor, data.invitedAgencyIds ?? [], data.invitedUserIds ?? []);
		const version = touchMeeting(tx, m, {
			title: data.title ?? m.title,
			startsAt: data.startsAt ?? m.startsAt,
			location: data.location === undefined ? m.location : data.location,
			callLink: data.callLink === undefined ? m.callLink : data.callLink,
			invitedAgencyIds: data.invitedAgencyIds ? [...new Set(data.invitedAgencyIds)] : m.invitedAgencyIds,
			invitedUserIds: data.invitedUserIds ? [...new Set(data.invitedUserIds)] : m.invitedUserIds
		});
		changes.meeting(m.id, 'meeting.updated');
		return { version };
	});
}

export function publishAgenda(
	db: Conn,
	actor: Actor,
	input: unknown,
	opts: WriteOptions = {}
): WriteResult<{ version: number }> {
	const step = { kind: 'meeting.published', action: 'meeting.manage' as const };
	return transition(db, actor, input, opts, step, (_tx, m) => {
		if (m.status !== 'draft') throw invalidField('status', 'Only a draft agenda can be published.');
		return { status: 'published' };
	});
}

function firstItemId(tx: Conn, meetingId: string): string | null {
	const row = tx
		.select({ id: agendaItems.id })
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.orderBy(asc(agendaItems.position))
		.limit(1)
		.get();
	return row?.id ?? null;
}

export function startMeeting(
	db: Conn,
	actor: Actor,
	input: unknown,
	opts: WriteOptions = {}
): WriteResult<{ version: number }> {
	const step = { kind: 'meeting.started', action: 'meeting.start' as const };
	return transition(db, actor, input, opts, step, (tx, m, now) => {
		const first = firstItemId(tx, m.id);
		return { status: 'live', startedAt: now, currentItemId: first, currentItemStartedAt: first ? now : null };
	});
}

/** Adds the running stretch of the current item to its spent time. */
function settleTimer(
	tx: Conn,
	m: { currentItemId: string | null; currentItemStartedAt: Date | null },
	now: Date
) {
	if (!m.currentItemId || !m.currentItemStartedAt) return;
	const seconds = Math.max(0, Math.floor((now.getTime() - m.currentItemStartedAt.getTime()) / 1000));
	const item = tx.select().from(agendaItems).where(eq(agendaItems.id, m.currentItemId)).get();
	if (!item) return;
	tx.update(agendaItems)
		.set({ spentSeconds: item.spentSeconds + seconds })
		.where(eq(agendaItems.id, item.id))
		.run();
}

/**
 * The facilitator moves "now discussing". Not versioned: the pointer is the facilitator's alone
 * and the last move wins, which is what a second facilitator tab expects.
 */
export function moveNowDiscussing(
	db: Conn,
	actor: Actor,
	input: unknown,
	opts: WriteOptions = {}
): WriteResult<{ currentItemId: string }> {
	const data = parseInput(nowDiscussingInput, input);
	return runMeetingWrite(db, actor, 'meeting.now_discussing', data.meetingId, opts, (tx, now, changes) => {
		const m = loadMeeting(tx, actor, data.meetingId);
		authorizeMeeting(actor, 'meeting.steer', m);
		const item = tx
			.select({ id: agendaItems.id })
			.from(agendaItems)
			.where(and(eq(agendaItems.id, data.agendaItemId), eq(agendaItems.meetingId, m.id)))
			.get();
		if (!item) throw notFound('Agenda item');
		if (m.currentItemId === item.id) return { currentItemId: item.id };
		settleTimer(tx, m, now);
		tx.update(meetings)
			.set({ currentItemId: item.id, currentItemStartedAt: now })
			.where(eq(meetings.id, m.id))
			.run();
		changes.meeting(m.id, 'meeting.now_discussing');
		return { currentItemId: item.id };
	});
}

export interface EndResult {
	version: number;
	/** False when the notes could not be read; the meeting still ends and the failure is logged. */
	notesVersionStored: boolean;
}

/**
 * Ends the meeting: the timer stops, flags for participants it reviewed are cleared, manual
 * in-room marks lapse, and the notes are kept as a named version "As discussed". The notes are
 * read from the store just before the transaction (the notes server persists within its window).
 */
export function endMeeting(
	db: Db,
	actor: Actor,
	input: unknown,
	opts: WriteOptions = {}
): WriteResult<EndResult> {
	const notes = readNotesState(db, parseInput(meetingVersionInput, input).meetingId);
	const extra = { notesVersionStored: notes !== null };
	const step = { kind: 'meeting.ended', action: 'meeting.end' as const, extra };
	return transition(db, actor, input, opts, step, (tx, m, now) => {
		settleTimer(tx, m, now);
		clearReviewedFlags(tx, m.id, now);
		tx.update(meetingAttendance).set({ inRoom: false }).where(eq(meetingAttendance.meetingId, m.id)).run();
		keepNotes(tx, actor, m.id, 'as_discussed', notes, now);
		return { status: 'ended', endedAt: now, currentItemId: null, currentItemStartedAt: null };
	});
}

export function approveMinutes(
	db: Db,
	actor: Actor,
	input: unknown,
	opts: WriteOptions = {}
): WriteResult<EndResult> {
	const notes = readNotesState(db, parseInput(meetingVersionInput, input).meetingId);
	const extra = { notesVersionStored: notes !== null };
	const step = { kind: 'meeting.approved', action: 'meeting.approve' as const, extra };
	return transition(db, actor, input, opts, step, (tx, m, now) => {
		keepNotes(tx, actor, m.id, 'approved', notes, now);
		return { status: 'approved', approvedAt: now, approvedByUserId: actor.userId };
	});
}

function keepNotes(
	tx: Conn,
	actor: Actor,
	meetingId: string,
	kind: 'as_discussed' | 'approved',
	notes: NotesState | null,
	now: Date
): void {
	if (!notes) return;
	const label = kind === 'as_discussed' ? 'As discussed' : 'Approved minutes';
	storeNoteVersion(tx, { meetingId, kind, label, state: notes.state, text: notes.text, actor, now });
}

/** Participants the meeting reviewed are no longer "flagged for discussion". */
function clearReviewedFlags(tx: Conn, meetingId: string, now: Date): void {
	const reviewed = tx
		.select({ participantId: agendaItems.participantId })
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.all()
		.flatMap((r) => (r.participantId ? [r.participantId] : []));
	if (!reviewed.length) return;
	tx.update(discussionFlags)
		.set({ clearedAt: now, clearedByMeetingId: meetingId })
		.where(and(inArray(discussionFlags.participantId, reviewed), isNull(discussionFlags.clearedAt)))
		.run();
}
