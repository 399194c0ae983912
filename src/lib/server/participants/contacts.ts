/**
 * Contacts: police contacts (social contact, new arrest, outreach) and case-management contacts,
 * each with when, who and a short note.
 */
import { CONTACT_KIND_LABELS } from '../../shared/participant-labels';
import { contacts, type ContactKind } from '../db/participants.schema';
import { authorize, type Actor } from '../policy';
import { fieldCategory } from '../policy/participants';
import {
	assertNotFuture,
	loadParticipant,
	participantResource,
	parseInput,
	recordChange,
	runMutation,
	type Conn,
	type MutationOptions,
	type MutationResult
} from './mutations';
import { addContactInput } from './schemas';

export const isPoliceContact = (kind: ContactKind) => kind !== 'case_management';

export interface AddContactResult extends MutationResult {
	contactId: string;
}

export function addContact(
	db: Conn,
	actor: Actor,
	input: unknown,
	opts: MutationOptions = {}
): AddContactResult {
	const data = parseInput(addContactInput, input);
	return runMutation(db, actor, 'contact.added', opts, (tx, now) => {
		assertNotFuture('occurredAt', data.occurredAt, now);
		const p = loadParticipant(tx, actor, data.participantId);
		const action = isPoliceContact(data.kind) ? 'contact.create.police' : 'contact.create.caseManagement';
		authorize(actor, action, participantResource(p));
		const contact = tx
			.insert(contacts)
			.values({
				participantId: p.id,
				kind: data.kind,
				occurredAt: data.occurredAt,
				authorUserId: actor.userId,
				note: data.note,
				createdAt: now
			})
			.returning({ id: contacts.id })
			.get();
		const when = data.occurredAt.toISOString().slice(0, 10);
		const seq = recordChange(
			tx,
			actor,
			{
				participantId: p.id,
				kind: 'contact.added',
				segments: [
					{
						c: 'core',
						t: `${isPoliceContact(data.kind) ? 'Police contact' : 'Case-management contact'} recorded.`
					},
					{ c: 'contact_log', t: `${CONTACT_KIND_LABELS[data.kind]} on ${when}.` },
					{ c: fieldCategory('contacts', 'note', { kind: data.kind }), t: data.note }
				],
				refs: { contactId: contact.id }
			},
			now
		);
		return { participantId: p.id, seq, contactId: contact.id };
	});
}

export { CONTACT_KIND_LABELS };
