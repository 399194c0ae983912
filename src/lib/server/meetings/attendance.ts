/**
 * Attendance: recorded when someone opens a live meeting (presence), and marked by the organiser
 * for people in the room without a device. A manual "in the room" mark also counts them among
 * the people the room screen is shown to.
 */
import { and, eq } from 'drizzle-orm';
import { meetingAttendance } from '../db/meetings.schema';
import { notFound } from '../errors';
import { defineCommand } from '../commands/command';
import type { Conn } from '../db';
import { can } from '../policy';
import { loadActor } from '../users';
import { authorizeMeeting, loadMeeting, meetingCommand, meetingResource } from './records';
import { markAttendanceInput, meetingRef } from './schemas';

function attendanceRow(tx: Conn, meetingId: string, userId: string) {
	return tx
		.select()
		.from(meetingAttendance)
		.where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.userId, userId)))
		.get();
}

/**
 * Records that this person has the live meeting open. Writes (and announces) only the first
 * time; answers whether anything was written.
 */
export const recordPresence = defineCommand({
	name: 'attendance.present',
	input: meetingRef,
	audit: (data, result?: { recorded: boolean }) =>
		result?.recorded === false
			? null
			: {
					action: 'meeting.write',
					objectType: 'meeting',
					objectId: data.meetingId,
					detail: { kind: 'attendance.present' }
				},
	run({ tx, actor, now, changes }, data): { recorded: boolean } {
		const m = loadMeeting(tx, actor, data.meetingId);
		authorizeMeeting(actor, 'meeting.view', m);
		if (m.status !== 'live' || attendanceRow(tx, m.id, actor.userId)) return { recorded: false };
		tx.insert(meetingAttendance)
			.values({ meetingId: m.id, userId: actor.userId, source: 'device', firstSeenAt: now })
			.run();
		changes.meeting(m.id, 'attendance.present');
		return { recorded: true };
	}
});

/** The organiser marks a person (who may attend) as in the room, or no longer in it. */
export const markAttendance = meetingCommand({
	name: 'attendance.mark',
	kind: 'attendance.marked',
	input: markAttendanceInput,
	run({ tx, actor, now, changes }, data): { inRoom: boolean } {
		const m = loadMeeting(tx, actor, data.meetingId);
		authorizeMeeting(actor, m.status === 'live' ? 'meeting.steer' : 'meeting.approve', m);
		const person = loadActor(tx, data.userId);
		if (
			!person ||
			person.jurisdictionId !== actor.jurisdictionId ||
			!can(person, 'meeting.view', meetingResource(m))
		) {
			throw notFound('Invited person');
		}
		const row = attendanceRow(tx, m.id, person.userId);
		if (row) {
			tx.update(meetingAttendance)
				.set({ inRoom: data.inRoom, markedByUserId: actor.userId })
				.where(eq(meetingAttendance.id, row.id))
				.run();
		} else {
			tx.insert(meetingAttendance)
				.values({
					meetingId: m.id,
					userId: person.userId,
					source: 'manual',
					inRoom: data.inRoom,
					markedByUserId: actor.userId,
					firstSeenAt: now
				})
				.run();
		}
		changes.meeting(m.id, 'attendance.marked');
		return { inRoom: data.inRoom };
	}
});

/** People marked in the room right now (they read the room screen without a device of their own). */
export function inRoomUserIds(db: Conn, meetingId: string): string[] {
	return db
		.select({ userId: meetingAttendance.userId })
		.from(meetingAttendance)
		.where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.inRoom, true)))
		.all()
		.map((r) => r.userId);
}
