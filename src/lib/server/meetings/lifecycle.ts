/**
 * A meeting's life: created as a draft, published for review, started, steered item by item
 * ("now discussing" with a per-item timer), ended (notes kept "as discussed") and approved
 * (read-only from then on).
 */
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { CommandContext } from '../commands/command';
import { invalidField } from '../commands/kernel';
import type { Conn } from '../db';
import { agencies, meetings, user, type Meeting } from '../db/schema';
import { agendaItems, discussionFlags, meetingAttendance } from '../db/meetings.schema';
import { authorize, type Action, type Actor } from '../policy';
import { notFound } from '../errors';
import { MEETING_KIND_LABELS } from '../../shared/meeting-events';
import { readNotesState, storeNoteVersion } from './notes';
import { freezeFigures } from '../figures/snapshot';
import {
	authorizeMeeting,
	checkMeetingVersion,
	loadMeeting,
	meetingCommand,
	meetingLabel,
	recordParticipantChange,
	touchMeeting
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
 * returns the meeting's new fields and anything the caller should learn, and the version bump
 * that announces `kind`.
 */
function transition<T extends object = object>(spec: {
	name: string;
	kind: string;
	action: Action;
	step: (ctx: CommandContext, m: Meeting) => { set: Partial<Meeting>; extra?: T };
}) {
	return meetingCommand({
		name: spec.name,
		kind: spec.kind,
		input: meetingVersionInput,
		run(ctx, data): { version: number } & T {
			const m = loadMeeting(ctx.tx, ctx.actor, data.meetingId);
			authorizeMeeting(ctx.actor, spec.action, m);
			checkMeetingVersion(m, data.expectedVersion);
			const { set, extra } = spec.step(ctx, m);
			const version = touchMeeting(ctx.tx, m, set);
			ctx.changes.meeting(m.id, spec.kind);
			return { version, ...(extra as T) };
		}
	});
}

export const createMeeting = meetingCommand({
	name: 'meeting.create',
	kind: 'meeting.created',
	input: createMeetingInput,
	run({ tx, actor, now, changes }, data): { meetingId: string } {
		authorize(actor, 'meeting.create', { jurisdictionId: actor.jurisdictionId, kind: data.kind });
		checkInvitations(tx, actor, data.invitedAgencyIds, data.invitedUserIds);
		const meetingId = crypto.randomUUID();
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
	}
});

export const updateMeeting = meetingCommand({
	name: 'meeting.update',
	kind: 'meeting.updated',
	input: updateMeetingInput,
	run({ tx, actor, changes }, data): { version: number } {
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
	}
});

export const publishAgenda = transition({
	name: 'agenda.publish',
	kind: 'meeting.published',
	action: 'meeting.manage',
	step(ctx, m) {
		if (m.status !== 'draft') throw invalidField('status', 'Only a draft agenda can be published.');
		// Everyone reviews the same numbers: the PCG's figures are frozen as the agenda goes out.
		freezeFigures(ctx, m);
		return { set: { status: 'published' } };
	}
});

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

export const startMeeting = transition({
	name: 'meeting.start',
	kind: 'meeting.started',
	action: 'meeting.start',
	step({ tx, now }, m) {
		const first = firstItemId(tx, m.id);
		return {
			set: { status: 'live', startedAt: now, currentItemId: first, currentItemStartedAt: first ? now : null }
		};
	}
});

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
export const moveNowDiscussing = meetingCommand({
	name: 'meeting.now',
	kind: 'meeting.now_discussing',
	input: nowDiscussingInput,
	run({ tx, actor, now, changes }, data): { currentItemId: string } {
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
	}
});

export interface EndResult {
	version: number;
	/** False when the notes could not be read; the meeting still ends and the failure is logged. */
	notesVersionStored: boolean;
}

/**
 * Ends the meeting: the timer stops, flags for participants it reviewed are cleared, manual
 * in-room marks lapse, and the notes are kept as a named version "As discussed".
 */
export const endMeeting = transition<{ notesVersionStored: boolean }>({
	name: 'meeting.end',
	kind: 'meeting.ended',
	action: 'meeting.end',
	step(ctx, m) {
		const { tx, actor, now } = ctx;
		settleTimer(tx, m, now);
		clearReviewedFlags(ctx, m);
		tx.update(meetingAttendance).set({ inRoom: false }).where(eq(meetingAttendance.meetingId, m.id)).run();
		const notesVersionStored = keepNotes(tx, actor, m.id, 'as_discussed', now);
		return {
			set: { status: 'ended', endedAt: now, currentItemId: null, currentItemStartedAt: null },
			extra: { notesVersionStored }
		};
	}
});

export const approveMinutes = transition<{ notesVersionStored: boolean }>({
	name: 'minutes.approve',
	kind: 'meeting.approved',
	action: 'meeting.approve',
	step({ tx, actor, now }, m) {
		const notesVersionStored = keepNotes(tx, actor, m.id, 'approved', now);
		return {
			set: { status: 'approved', approvedAt: now, approvedByUserId: actor.userId },
			extra: { notesVersionStored }
		};
	}
});

/**
 * Keeps the notes as they stand as a named version; answers false when they could not be read
 * (the meeting still moves on, and the failure is logged).
 */
function keepNotes(
	tx: Conn,
	actor: Actor,
	meetingId: string,
	kind: 'as_discussed' | 'approved',
	now: Date
): boolean {
	const notes = readNotesState(tx, meetingId);
	if (!notes) return false;
	const label = kind === 'as_discussed' ? 'As discussed' : 'Approved minutes';
	storeNoteVersion(tx, { meetingId, kind, label, state: notes.state, text: notes.text, actor, now });
	return true;
}

/** Participants the meeting reviewed are no longer "flagged for discussion". */
function clearReviewedFlags(ctx: CommandContext, m: Meeting): void {
	const { tx, now } = ctx;
	const reviewed = tx
		.select({ participantId: agendaItems.participantId })
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, m.id))
		.all()
		.flatMap((r) => (r.participantId ? [r.participantId] : []));
	if (!reviewed.length) return;
	const cleared = tx
		.update(discussionFlags)
		.set({ clearedAt: now, clearedByMeetingId: m.id })
		.where(
			and(
				inArray(discussionFlags.participantId, reviewed),
				isNull(discussionFlags.clearedAt),
				lte(discussionFlags.createdAt, now)
			)
		)
		.returning({ participantId: discussionFlags.participantId })
		.all();
	// Each board that showed "Flagged for discussion" learns it was discussed.
	const label = meetingLabel(tx, m);
	for (const participantId of new Set(cleared.map((c) => c.participantId))) {
		recordParticipantChange(ctx, {
			participantId,
			kind: 'discussion.cleared',
			segments: [{ c: 'core', t: `Discussed at the ${label}; the flag for discussion is cleared.` }],
			refs: { meetingId: m.id }
		});
	}
}
