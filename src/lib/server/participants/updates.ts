/** Updates posted on a participant between meetings, shown as "new since the last meeting". */
import { sql } from 'drizzle-orm';
import { participantUpdates } from '../db/participants.schema';
import { prepared } from '../db/prepared';
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

const insertUpdate = prepared((db) =>
	db
		.insert(participantUpdates)
		.values({
			id: sql.placeholder('id'),
			participantId: sql.placeholder('participantId'),
			authorUserId: sql.placeholder('authorUserId'),
			body: sql.placeholder('body'),
			createdAt: sql.placeholder('createdAt')
		})
		.prepare()
);

export const postUpdate = participantCommand({
	name: 'update.post',
	kind: 'update.posted',
	input: postUpdateInput,
	run({ tx, actor, now }, data): PostUpdateResult {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'update.post', participantResource(p));
		const update = { id: crypto.randomUUID() };
		insertUpdate(tx).run({
			...update,
			participantId: p.id,
			authorUserId: actor.userId,
			body: data.body,
			createdAt: now
		});
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
