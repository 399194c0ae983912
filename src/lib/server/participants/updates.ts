/** Updates posted on a participant between meetings, shown as "new since the last meeting". */
import { participantUpdates } from '../db/participants.schema';
import { authorize } from '../policy';
import {
	loadParticipant,
	participantResource,
	recordChange,
	type MutationResult,
	participantCommand
} from './changes';
import { postUpdateInput } from './schemas';

export interface PostUpdateResult extends MutationResult {
	updateId: string;
}

export const postUpdate = participantCommand({
	name: 'update.post',
	kind: 'update.posted',
	input: postUpdateInput,
	run({ tx, actor, now }, data): PostUpdateResult {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'update.post', participantResource(p));
		const update = tx
			.insert(participantUpdates)
			.values({ participantId: p.id, authorUserId: actor.userId, body: data.body, createdAt: now })
			.returning({ id: participantUpdates.id })
			.get();
		const seq = recordChange(
			tx,
			actor,
			{
				participantId: p.id,
				kind: 'update.posted',
				segments: [
					{ c: 'core', t: 'Update posted.' },
					{ c: 'case_notes', t: data.body }
				],
				refs: { updateId: update.id }
			},
			now
		);
		return { participantId: p.id, seq, updateId: update.id };
	}
});
