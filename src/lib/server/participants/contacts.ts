/**
 * Contacts: police contacts (social contact, new arrest, outreach) and case-management contacts,
 * each with when, who and a short note.
 */
import { CONTACT_KIND_LABELS } from '../../shared/participant-labels';
import { sql } from 'drizzle-orm';
import { contacts, type ContactKind } from '../db/participants.schema';
import { prepared } from '../db/prepared';
import { authorize } from '../policy';
import { fieldCategory } from '../policy/participants';
import {
	assertNotFuture,
	loadParticipant,
	participantResource,
	recordChange,
	type MutationResult,
	participantCommand
} from './changes';
import { addContactInput } from './schemas';

export const isPoliceContact = (kind: ContactKind) => kind !== 'case_management';

export interface AddContactResult extends MutationResult {
	contactId: string;
}

const insertContact = prepared((db) =>
	db
		.insert(contacts)
		.values({
			id: sql.placeholder('id'),
			participantId: sql.placeholder('participantId'),
			kind: sql.placeholder('kind'),
			occurredAt: sql.placeholder('occurredAt'),
			authorUserId: sql.placeholder('authorUserId'),
			note: sql.placeholder('note'),
			createdAt: sql.placeholder('createdAt')
		})
		.prepare()
);

export const addContact = participantCommand({
	name: 'contact.add',
	kind: 'contact.added',
	input: addContactInput,
	run({ tx, actor, now }, data): AddContactResult {
		assertNotFuture('occurredAt', data.occurredAt, now);
		const p = loadParticipant(tx, actor, data.participantId);
		const action = isPoliceContact(data.kind) ? 'contact.create.police' : 'contact.create.caseManagement';
		authorize(actor, action, participantResource(p));
		const contact = { id: crypto.randomUUID() };
		insertContact(tx).run({
			...contact,
			participantId: p.id,
			kind: data.kind,
			occurredAt: data.occurredAt,
			authorUserId: actor.userId,
			note: data.note,
			createdAt: now
		});
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
	}
});

export { CONTACT_KIND_LABELS };
