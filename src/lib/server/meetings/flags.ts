/**
 * "Flag for discussion": any workgroup member asks for a participant to be on the next agenda.
 * A flag stays open until a meeting that reviewed the participant ends. Flagging shows on the
 * participant's timeline and reaches every open board and upcoming meeting at once.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Conn } from '../db';
import { discussionFlags } from '../db/meetings.schema';
import { meetings } from '../db/schema';
import { loadParticipant, participantResource, recordChange } from '../participants/changes';
import { authorize } from '../policy';
import { AGENCY_STYLE } from '../../shared/roles';
import { defineCommand } from '../commands/command';
import { flagParticipantInput } from './schemas';

export interface FlagResult {
	participantId: string;
	flagId: string;
	/** False when this agency had already flagged the participant (nothing was written). */
	created: boolean;
}

/** Meetings a new flag matters to: the workgroup meetings still to be held (or running). */
const UPCOMING = ['draft', 'published', 'live'] as const;

/** Flags a participant for discussion; a second flag from the same agency is the same flag. */
export const flagForDiscussion = defineCommand({
	name: 'participant.flag',
	input: flagParticipantInput,
	audit: (data, result?: FlagResult) =>
		result && !result.created
			? null
			: {
					action: 'meeting.write',
					objectType: 'participant',
					objectId: result?.participantId ?? data.participantId,
					detail: { kind: 'participant.flagged_for_discussion' }
				},
	run({ tx, actor, now, changes }, data): FlagResult {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'meeting.flagParticipant', participantResource(p));
		authorize(actor, 'participant.view', participantResource(p));
		const open = openFlags(tx, actor.jurisdictionId).find(
			(f) => f.participantId === p.id && f.agencyKind === actor.agencyKind
		);
		if (open) return { participantId: p.id, flagId: open.id, created: false };
		const { id } = tx
			.insert(discussionFlags)
			.values({
				jurisdictionId: actor.jurisdictionId,
				participantId: p.id,
				flaggedByUserId: actor.userId,
				agencyKind: actor.agencyKind,
				createdAt: now
			})
			.returning({ id: discussionFlags.id })
			.get();
		const segments = [
			{ c: 'core' as const, t: `Flagged for discussion by ${AGENCY_STYLE[actor.agencyKind].label}.` }
		];
		const change = { participantId: p.id, kind: 'discussion.flagged', segments, refs: { flagId: id } };
		changes.participant(p.id, recordChange(tx, actor, change, now), 'participant.flag');
		for (const meetingId of upcomingWorkgroupMeetings(tx, actor.jurisdictionId)) {
			changes.meeting(meetingId, 'discussion.flagged');
		}
		return { participantId: p.id, flagId: id, created: true };
	}
});

export function openFlags(db: Conn, jurisdictionId: string) {
	return db
		.select()
		.from(discussionFlags)
		.where(and(eq(discussionFlags.jurisdictionId, jurisdictionId), isNull(discussionFlags.clearedAt)))
		.all();
}

function upcomingWorkgroupMeetings(tx: Conn, jurisdictionId: string): string[] {
	return tx
		.select({ id: meetings.id })
		.from(meetings)
		.where(
			and(
				eq(meetings.jurisdictionId, jurisdictionId),
				eq(meetings.kind, 'operational_workgroup'),
				inArray(meetings.status, [...UPCOMING])
			)
		)
		.all()
		.map((m) => m.id);
}
