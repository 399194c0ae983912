/**
 * Two records of one person, joined: a facilitator who finds that someone was filed twice (a
 * name spelled two ways, an alias taken for a new person) moves the second record's whole history
 * onto the first. Referrals, screenings, contacts, updates, legal matters, the plan, consents,
 * meeting items and the timeline all follow; the second record's names stay findable as aliases.
 * The second record then exists only as a pointer to the first: it leaves the board and its page
 * leads to the record it joined.
 */
import { and, eq } from 'drizzle-orm';
import { consents } from '../db/consents.schema';
import { actionItems, agendaItems, discussionFlags, meetingDecisions } from '../db/meetings.schema';
import { notifications } from '../db/notifications.schema';
import {
	contacts,
	eligibilityScreenings,
	legalMatters,
	participantEvents,
	participants,
	participantUpdates,
	planGoals,
	referrals,
	statusChanges
} from '../db/participants.schema';
import { invalidField } from '../commands/kernel';
import { notFound } from '../errors';
import { authorize } from '../policy';
import {
	checkVersion,
	loadParticipant,
	participantCommand,
	participantResource,
	recordChange,
	touchParticipant,
	type MutationResult
} from './changes';
import { mergeParticipantsInput } from './schemas';
import { participantCardView } from './views';

/** Every table that holds a participant's history, by its participant column. */
const HISTORY = [
	referrals,
	eligibilityScreenings,
	statusChanges,
	planGoals,
	legalMatters,
	contacts,
	participantUpdates,
	participantEvents,
	consents,
	agendaItems,
	meetingDecisions,
	actionItems,
	discussionFlags,
	notifications
] as const;

export interface MergeResult extends MutationResult {
	/** The record that joined this one and no longer stands alone. */
	mergedId: string;
	version: number;
}

export const mergeParticipants = participantCommand({
	name: 'participant.merge',
	kind: 'participant.merged',
	input: mergeParticipantsInput,
	run({ tx, actor, now, changes }, data): MergeResult {
		const kept = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'participant.merge', participantResource(kept));
		checkVersion(kept.version, data.expectedVersion, 'This participant', () =>
			participantCardView(tx, actor, kept.id, { now })
		);
		const other = tx
			.select()
			.from(participants)
			.where(
				and(eq(participants.jurisdictionId, actor.jurisdictionId), eq(participants.code, data.duplicateCode))
			)
			.get();
		if (!other || other.mergedIntoId)
			throw invalidField('duplicateCode', 'No record in this program has that code.');
		if (other.id === kept.id) throw invalidField('duplicateCode', 'That is this record’s own code.');
		authorize(actor, 'participant.merge', participantResource(other));

		for (const table of HISTORY) {
			tx.update(table).set({ participantId: kept.id }).where(eq(table.participantId, other.id)).run();
		}
		const names = new Set([...kept.aliases, other.legalName, ...other.aliases]);
		names.delete(kept.legalName);
		const version = touchParticipant(tx, kept, now, {
			aliases: [...names],
			dateOfBirth: kept.dateOfBirth ?? other.dateOfBirth,
			caseManagerUserId: kept.caseManagerUserId ?? other.caseManagerUserId,
			defenderUserId: kept.defenderUserId ?? other.defenderUserId
		});
		touchParticipant(tx, other, now, { mergedIntoId: kept.id });
		const seq = recordChange(
			tx,
			actor,
			{
				participantId: kept.id,
				kind: 'participant.merged',
				segments: [
					{
						c: 'core',
						t: `Joined with ${other.code}, a second record of the same person: its history is shown here.`
					},
					{ c: 'identity', t: `Why: ${data.reason}` }
				],
				refs: { mergedId: other.id }
			},
			now
		);
		// Open boards drop the joined record's card.
		const removed = recordChange(
			tx,
			actor,
			{
				participantId: other.id,
				kind: 'participant.merged',
				segments: [{ c: 'core', t: `Joined into ${kept.code}.` }]
			},
			now
		);
		changes.participant(other.id, removed, 'participant.merge');
		return { participantId: kept.id, mergedId: other.id, seq, version };
	}
});

/** Where a joined record now lives: the record it was merged into (following a chain), or null. */
export function mergedInto(
	db: Parameters<typeof loadParticipant>[0],
	jurisdictionId: string,
	participantId: string
): string | null {
	let id = participantId;
	for (let hops = 0; hops < 10; hops++) {
		const row = db
			.select({ jurisdictionId: participants.jurisdictionId, mergedIntoId: participants.mergedIntoId })
			.from(participants)
			.where(eq(participants.id, id))
			.get();
		if (!row || row.jurisdictionId !== jurisdictionId) throw notFound('Participant');
		if (!row.mergedIntoId) return id === participantId ? null : id;
		id = row.mergedIntoId;
	}
	return id;
}
