/**
 * Opening one participant's record: the detail this actor may see, and the audit entry that
 * says they opened (or printed) it. If the audit entry cannot be stored, the record is not shown.
 */
import { actorFields, recordAudit } from '../audit';
import type { Db } from '../db';
import { isDomainError } from '../errors';
import { participantDetailView } from '../participants';
import type { Actor } from '../policy';
import { lastMeetingAt } from './since';

export function openParticipant(
	db: Db,
	actor: Actor,
	participantId: string,
	sourceAddress: string | null,
	/** A printed copy is recorded as such: paper leaves the board. */
	action: 'participant.read' | 'participant.printed' = 'participant.read'
) {
	const audit = (outcome: 'success' | 'denied') =>
		recordAudit(db, {
			...actorFields(actor),
			sourceAddress,
			action,
			objectType: 'participant',
			objectId: participantId.slice(0, 64),
			outcome
		});
	try {
		const since = lastMeetingAt(db, actor.jurisdictionId);
		const detail = participantDetailView(db, actor, participantId, { since });
		audit('success');
		return detail;
	} catch (error) {
		if (isDomainError(error)) audit('denied');
		throw error;
	}
}
