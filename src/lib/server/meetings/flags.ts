/**
 * "Flag for discussion": any workgroup member asks for a participant to be on the next agenda.
 * A flag stays open until a meeting that reviewed the participant ends.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { actorFields, recordAudit } from '../audit';
import { discussionFlags } from '../db/meetings.schema';
import { loadParticipant, participantResource, parseInput, type Conn } from '../participants/mutations';
import { authorize, type Actor } from '../policy';
import { flagParticipantInput } from './schemas';
import { type WriteOptions } from './records';

export interface FlagResult {
	flagId: string;
	/** False when this agency had already flagged the participant (nothing was written). */
	created: boolean;
}

/** Flags a participant for discussion; a second flag from the same agency is the same flag. */
export function flagForDiscussion(
	db: Conn,
	actor: Actor,
	input: unknown,
	opts: WriteOptions = {}
): FlagResult {
	const data = parseInput(flagParticipantInput, input);
	const now = opts.now ?? new Date();
	return db.transaction((tx) => {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'meeting.flagParticipant', participantResource(p));
		authorize(actor, 'participant.view', participantResource(p));
		const open = openFlags(tx, actor.jurisdictionId).find(
			(f) => f.participantId === p.id && f.agencyKind === actor.agencyKind
		);
		if (open) return { flagId: open.id, created: false };
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
		recordAudit(
			tx,
			{
				...actorFields(actor),
				sourceAddress: opts.sourceAddress ?? null,
				action: 'meeting.write',
				objectType: 'participant',
				objectId: p.id,
				outcome: 'success',
				detail: { kind: 'participant.flagged_for_discussion' }
			},
			now
		);
		return { flagId: id, created: true };
	});
}

export function openFlags(db: Conn, jurisdictionId: string) {
	return db
		.select()
		.from(discussionFlags)
		.where(and(eq(discussionFlags.jurisdictionId, jurisdictionId), isNull(discussionFlags.clearedAt)))
		.all();
}
