/**
 * The domain events a stored command announces, and the bus they travel on. A command collects
 * its changes while it runs; the command layer announces them only after the transaction has
 * committed, and the realtime layer fans each one out, redacted per recipient.
 */
import type { EventEmitter } from 'node:events';
import type { Actor } from '../policy';

/** Sessions the board ended (sign-out, role change, a disabled account): their sockets close. */
export interface SessionEnded {
	sessionId: string;
	userId: string;
}

/** A stored change to a participant. */
export interface ParticipantChanged {
	jurisdictionId: string;
	participantId: string;
	seq: number;
	kind: string;
	actorUserId: string;
}

/** A stored change to a meeting (agenda, live state, decisions, minutes). */
export interface MeetingChanged {
	jurisdictionId: string;
	meetingId: string;
	kind: string;
	actorUserId: string;
}

/** A change to the program as a whole (its settings, agencies or rules): every open screen refreshes. */
export interface JurisdictionChanged {
	jurisdictionId: string;
	kind: string;
	actorUserId: string;
}

/** A person's notifications changed: one arrived (its id), or some were read (null). */
export interface PersonNotified {
	userId: string;
	notificationId: string | null;
}

/** What the realtime layer listens to. */
export interface BoardEventMap {
	'sessions-ended': [SessionEnded[]];
	'participant-changed': [ParticipantChanged];
	'meeting-changed': [MeetingChanged];
	'jurisdiction-changed': [JurisdictionChanged];
	'notifications-changed': [PersonNotified[]];
}
export type BoardEvents = EventEmitter<BoardEventMap>;

/** The changes one command made, in the order it made them. */
export interface Changes {
	participants: ParticipantChanged[];
	meetings: MeetingChanged[];
	sessionsEnded: SessionEnded[];
	jurisdiction?: JurisdictionChanged[];
	notifications?: PersonNotified[];
}

/** Collects a command's changes inside its transaction. */
export class ChangeSet {
	readonly participants: ParticipantChanged[] = [];
	readonly meetings: MeetingChanged[] = [];
	readonly sessionsEnded: SessionEnded[] = [];
	readonly jurisdiction: JurisdictionChanged[] = [];
	readonly notifications: PersonNotified[] = [];
	constructor(private readonly actor: Actor) {}

	participant(participantId: string, seq: number, kind: string): void {
		const { jurisdictionId, userId: actorUserId } = this.actor;
		this.participants.push({ jurisdictionId, participantId, seq, kind, actorUserId });
	}

	meeting(meetingId: string, kind: string): void {
		const { jurisdictionId, userId: actorUserId } = this.actor;
		this.meetings.push({ jurisdictionId, meetingId, kind, actorUserId });
	}

	sessions(ended: SessionEnded[]): void {
		this.sessionsEnded.push(...ended);
	}

	/** The program itself changed (settings, agencies, rules); noted once per kind. */
	program(kind: string): void {
		const { jurisdictionId, userId: actorUserId } = this.actor;
		if (!this.jurisdiction.some((c) => c.kind === kind))
			this.jurisdiction.push({ jurisdictionId, kind, actorUserId });
	}

	/** A person's notifications changed: one arrived, or (with no id) some were read. */
	notified(userId: string, notificationId: string | null): void {
		this.notifications.push({ userId, notificationId });
	}

	collected(): Changes {
		return {
			participants: [...this.participants],
			meetings: [...this.meetings],
			sessionsEnded: [...this.sessionsEnded],
			...(this.jurisdiction.length ? { jurisdiction: [...this.jurisdiction] } : {}),
			...(this.notifications.length ? { notifications: [...this.notifications] } : {})
		};
	}
}

/** Tells the realtime layer about stored changes. */
export function announce(events: BoardEvents, changes: Changes): void {
	if (changes.sessionsEnded?.length) events.emit('sessions-ended', changes.sessionsEnded);
	for (const change of changes.participants) events.emit('participant-changed', change);
	for (const change of changes.meetings) events.emit('meeting-changed', change);
	for (const change of changes.jurisdiction ?? []) events.emit('jurisdiction-changed', change);
	if (changes.notifications?.length) events.emit('notifications-changed', changes.notifications);
}
