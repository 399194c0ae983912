/**
 * The notifications a change raises as it is stored, in the change's own transaction: a police
 * contact tells the participant's case manager and defender, a comment tells whoever prepares
 * the agenda, a published agenda tells the people invited. The policy chooses who; the person
 * who made the change is never told about it.
 */
import { eq } from 'drizzle-orm';
import type { CommandContext, Follower } from '../commands/command';
import { agendaComments, agendaItems } from '../db/meetings.schema';
import type { ContactKind } from '../db/participants.schema';
import { loadJurisdiction, loadParticipant, participantResource } from '../participants/changes';
import { isPoliceContact } from '../participants/contacts';
import { loadMeeting, meetingResource } from '../meetings/records';
import { can, notificationCandidates, type ActionResources, type Actor, type NotifyRule } from '../policy';
import type { NotificationKind } from '../../shared/notifications';
import { peopleOf } from './people';
import { raise, type RaiseInput } from './raise';

/** Raises `kind` for everyone but the author whom the policy's `rule` allows; notes each for announcing. */
function tell<A extends NotifyRule>(
	ctx: CommandContext,
	rule: A,
	resource: ActionResources[A],
	n: Omit<RaiseInput, 'userId' | 'jurisdictionId'> & { kind: NotificationKind }
): void {
	const { tx, actor, now } = ctx;
	const timezone = loadJurisdiction(tx, actor.jurisdictionId).timezone;
	const candidates = notificationCandidates(rule, resource);
	const audience = peopleOf(tx, actor.jurisdictionId, candidates).filter(
		(person: Actor) => person.userId !== actor.userId && can(person, rule, resource)
	);
	for (const person of audience) {
		const raised = raise(
			tx,
			{ ...n, jurisdictionId: actor.jurisdictionId, userId: person.userId },
			now,
			timezone
		);
		if (raised) ctx.changes.notified(raised.userId, raised.notificationId);
	}
}

/** A new police contact on a participant: their case manager and defender are told. */
export const notifyPoliceContact: Follower = (ctx, data, result) => {
	// The stored contact is the command's input as it was validated: no need to read it back.
	const contact = data as { participantId: string; kind: ContactKind };
	const { contactId } = result as { contactId: string };
	if (!isPoliceContact(contact.kind)) return;
	const p = loadParticipant(ctx.tx, ctx.actor, contact.participantId);
	tell(
		ctx,
		'notify.policeContact',
		{ ...participantResource(p), participantId: p.id },
		{
			kind: 'police_contact',
			subjectId: contactId,
			participantId: p.id
		}
	);
};

/** A comment on an agenda item: whoever prepares the agenda is told. */
export const notifyAgendaComment: Follower = (ctx, _data, result) => {
	const { commentId } = result as { commentId: string };
	const comment = ctx.tx.select().from(agendaComments).where(eq(agendaComments.id, commentId)).get();
	if (!comment) return;
	const m = loadMeeting(ctx.tx, ctx.actor, comment.meetingId);
	const item = ctx.tx.select().from(agendaItems).where(eq(agendaItems.id, comment.agendaItemId)).get();
	tell(ctx, 'notify.agendaComment', meetingResource(m), {
		kind: 'agenda_comment',
		subjectId: comment.id,
		participantId: item?.participantId ?? null,
		meetingId: m.id
	});
};

/** An agenda published: the people and agencies invited are told. */
export const notifyAgendaPublished: Follower = (ctx, data) => {
	const { meetingId } = data as { meetingId: string };
	const m = loadMeeting(ctx.tx, ctx.actor, meetingId);
	tell(ctx, 'notify.agendaPublished', meetingResource(m), {
		kind: 'agenda_published',
		subjectId: m.id,
		meetingId: m.id
	});
};
