/**
 * What every meeting command shares: its audit entry and announcement, the policy check with a
 * read-only answer once minutes are approved, version checks, and the participant changes a
 * meeting makes (a decision lands on the participant's timeline).
 */
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { defineCommand, type Command, type CommandContext } from '../commands/command';
import type { Conn } from '../db';
import { meetings, type Meeting } from '../db/schema';
import { conflict, forbidden, notFound } from '../errors';
import { loadJurisdiction, recordChange, type Segment } from '../participants/changes';
import { MEETING_KIND_LABELS } from '../../shared/meeting-events';
import { can, type Action, type ActionResources, type Actor, type MeetingResource } from '../policy';

/**
 * A change to a meeting: audited as `meeting.write` with its kind (a refusal too). The meeting is
 * the input's `meetingId`, the result's for a meeting the command creates, or what `meetingOf`
 * finds for a change that names something in a meeting.
 */
export function meetingCommand<S extends z.ZodType, R>(spec: {
	name: string;
	kind: string;
	input: S;
	meetingOf?: (data: z.output<S>, conn: Conn) => string | null;
	run: (ctx: CommandContext, data: z.output<S>) => R;
}): Command<S, R> {
	const meetingOf =
		spec.meetingOf ?? ((data: z.output<S>) => (data as { meetingId?: string }).meetingId ?? null);
	return defineCommand({
		name: spec.name,
		input: spec.input,
		audit: (data, result, conn) => ({
			action: 'meeting.write',
			objectType: 'meeting',
			objectId: (result as { meetingId?: string } | undefined)?.meetingId ?? meetingOf(data, conn),
			detail: { kind: spec.kind }
		}),
		run: spec.run
	});
}

/**
 * Appends to a participant's timeline and change log from a meeting (same transaction), with
 * its own audit entry naming the meeting, and notes the change for the participant's screens.
 */
export function recordParticipantChange(
	ctx: CommandContext,
	change: { participantId: string; kind: string; segments: Segment[]; refs: Record<string, string> }
): void {
	const seq = recordChange(ctx.tx, ctx.actor, change, ctx.now);
	ctx.audit({
		action: 'participant.write',
		objectType: 'participant',
		objectId: change.participantId,
		detail: { kind: change.kind, seq, meetingId: change.refs.meetingId ?? null }
	});
	ctx.changes.participant(change.participantId, seq, change.kind);
}

/** How a timeline names a meeting: "Operational workgroup of 4 May 2026", in the jurisdiction's zone. */
export function meetingLabel(tx: Conn, m: Meeting): string {
	const timeZone = loadJurisdiction(tx, m.jurisdictionId).timezone;
	const day = new Intl.DateTimeFormat('en-US', {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		timeZone
	}).format(m.startsAt);
	return `${MEETING_KIND_LABELS[m.kind]} of ${day}`;
}

/** A meeting by id, whoever asks (for the realtime layer's own checks). */
export function getMeeting(db: Conn, meetingId: string): Meeting | null {
	return db.select().from(meetings).where(eq(meetings.id, meetingId)).get() ?? null;
}

/** A meeting of the actor's jurisdiction; another jurisdiction's meeting is "not found". */
export function loadMeeting(db: Conn, actor: Actor, meetingId: string): Meeting {
	const row = db.select().from(meetings).where(eq(meetings.id, meetingId)).get();
	if (!row || row.jurisdictionId !== actor.jurisdictionId) throw notFound('Meeting');
	return row;
}

export function meetingResource(m: Meeting): MeetingResource {
	return {
		jurisdictionId: m.jurisdictionId,
		kind: m.kind,
		status: m.status,
		organizerUserId: m.organizerUserId,
		invitedAgencyIds: m.invitedAgencyIds,
		invitedUserIds: m.invitedUserIds
	};
}

const STATUS_REFUSAL: Partial<Record<Meeting['status'], string>> = {
	approved: 'The minutes of this meeting are approved; it is read-only.',
	ended: 'This meeting has ended; only its organiser can correct the record before approval.'
};

/**
 * Refuses a meeting action the policy does not allow, saying why when the meeting's status is
 * the reason (an approved meeting is read-only), and "not found" to someone not invited at all.
 */
export function authorizeMeeting<A extends Action>(
	actor: Actor,
	action: A,
	m: Meeting,
	resource?: ActionResources[A]
): void {
	const r = meetingResource(m);
	if (!can(actor, 'meeting.view', r)) throw notFound('Meeting');
	if (can(actor, action, resource ?? (r as ActionResources[A]))) return;
	throw forbidden(STATUS_REFUSAL[m.status] ?? 'You are not allowed to do that in this meeting.');
}

/** Refuses an edit made against an old version of the meeting. */
export function checkMeetingVersion(m: Meeting, expected: number): void {
	if (m.version !== expected) {
		throw conflict(
			`The meeting was changed by someone else (now version ${m.version}, you edited version ${expected}). Reload to see the change.`,
			{ version: m.version }
		);
	}
}

/** Bumps the meeting's version (details, status and the agenda's shape all count). */
export function touchMeeting(tx: Conn, m: Meeting, set: Partial<Meeting> = {}): number {
	const next = m.version + 1;
	tx.update(meetings)
		.set({ ...set, version: next })
		.where(eq(meetings.id, m.id))
		.run();
	return next;
}
