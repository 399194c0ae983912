/**
 * What every meeting write shares: one transaction with idempotency, the policy check with a
 * read-only answer once minutes are approved, the audit entry, and the list of changes the
 * caller announces on the event bus after the transaction commits.
 */
import { eq } from 'drizzle-orm';
import { actorFields, recordAudit } from '../audit';
import { auditingRefusal } from '../audit/refusals';
import { meetings, type Meeting } from '../db/schema';
import { conflict, forbidden, notFound } from '../errors';
import { can, type Action, type ActionResources, type Actor, type MeetingResource } from '../policy';
import {
	checkKey,
	priorResult,
	recordChange,
	rememberResult,
	type Conn,
	type Segment
} from '../participants/mutations';
import type { MeetingChanged, ParticipantChanged, Services } from '../services';

export interface WriteOptions {
	idempotencyKey?: string;
	now?: Date;
	/** The client's address, for the audit entry. */
	sourceAddress?: string | null;
}

/** The changes a write made, to announce on the event bus once it is stored. */
export interface Changes {
	meetings: MeetingChanged[];
	participants: ParticipantChanged[];
}

export interface WriteResult<T> {
	data: T;
	changes: Changes;
}

/** Collects a write's changes inside its transaction. */
export class ChangeSet {
	readonly meetings: MeetingChanged[] = [];
	readonly participants: ParticipantChanged[] = [];
	constructor(private readonly actor: Actor) {}

	meeting(meetingId: string, kind: string): void {
		this.meetings.push({
			jurisdictionId: this.actor.jurisdictionId,
			meetingId,
			kind,
			actorUserId: this.actor.userId
		});
	}

	/** Appends to a participant's timeline and change log (same transaction) and notes the change. */
	participant(
		tx: Conn,
		change: { participantId: string; kind: string; segments: Segment[]; refs: Record<string, string> },
		now: Date,
		sourceAddress: string | null
	): void {
		const seq = recordChange(tx, this.actor, change, now);
		recordAudit(
			tx,
			{
				...actorFields(this.actor),
				sourceAddress,
				action: 'participant.write',
				objectType: 'participant',
				objectId: change.participantId,
				outcome: 'success',
				detail: { kind: change.kind, seq, meetingId: change.refs.meetingId ?? null }
			},
			now
		);
		this.participants.push({
			jurisdictionId: this.actor.jurisdictionId,
			participantId: change.participantId,
			seq,
			kind: change.kind,
			actorUserId: this.actor.userId
		});
	}
}

/**
 * Runs one meeting write in one transaction and records its audit entry there (a refusal by the
 * policy is recorded as denied). A repeated idempotency key from the same user returns the first
 * result and writes nothing.
 */
export function runMeetingWrite<T>(
	db: Conn,
	actor: Actor,
	kind: string,
	meetingId: string,
	opts: WriteOptions,
	work: (tx: Conn, now: Date, changes: ChangeSet) => T
): WriteResult<T> {
	const key = checkKey(opts.idempotencyKey);
	const now = opts.now ?? new Date();
	const attempt = {
		action: 'meeting.write',
		objectType: 'meeting',
		objectId: meetingId.slice(0, 64),
		sourceAddress: opts.sourceAddress ?? null,
		detail: { kind }
	} as const;
	return auditingRefusal(db, actor, attempt, () =>
		db.transaction((tx) => {
			const prior = priorResult<WriteResult<T>>(tx, actor, key, kind);
			if (prior) return prior.result;
			const changes = new ChangeSet(actor);
			const data = work(tx, now, changes);
			recordAudit(tx, { ...actorFields(actor), ...attempt, objectId: meetingId, outcome: 'success' }, now);
			const result: WriteResult<T> = {
				data,
				changes: { meetings: changes.meetings, participants: changes.participants }
			};
			rememberResult(tx, actor, key, kind, result, now);
			return result;
		})
	);
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

/** Announces a stored write's changes: the realtime layer fans them out, redacted per recipient. */
export function announce(events: Services['events'], changes: Changes): void {
	for (const change of changes.participants) events.emit('participant-changed', change);
	for (const change of changes.meetings) events.emit('meeting-changed', change);
}
