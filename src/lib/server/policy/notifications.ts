/**
 * The notification part of the one policy module: who is told about what between meetings.
 * Being told never widens what a person sees: every notification is rendered through
 * `visibleCategories` and the meeting rules when it is read, like every other screen.
 *
 * Choices:
 * - Everyone keeps their own notifications and choices (`notifications.use`).
 * - Assessment due soon: the participant's assigned case manager.
 * - New police contact: the participant's assigned case manager, and the defender who represents
 *   them (a new arrest becomes their case).
 * - Action item due tomorrow or overdue: everyone in the owning agency, and the person it names.
 * - Comment on an agenda: the meeting's organiser and the facilitators who prepare agendas.
 * - Agenda published: the people and agencies invited to the meeting, once they may read it.
 * Each participant notification goes only to someone who may see the participant at all.
 */
import type { Actor, Scoped } from './actor';
import { meetingRules, type ActionItemResource, type MeetingResource } from './meetings';
import { participantRules, type ParticipantResource } from './participants';

export interface NotificationActionResources {
	'notifications.use': Scoped;
	'notify.assessmentDue': ParticipantResource;
	'notify.policeContact': ParticipantResource;
	'notify.actionItemDue': ActionItemResource;
	'notify.agendaComment': MeetingResource;
	'notify.agendaPublished': MeetingResource;
}

const seesParticipant = (actor: Actor, p: ParticipantResource) =>
	participantRules['participant.view'](actor, p);
const isInvited = (actor: Actor, m: MeetingResource) =>
	m.invitedUserIds.includes(actor.userId) || m.invitedAgencyIds.includes(actor.agencyId);

export const notificationRules: {
	[A in keyof NotificationActionResources]: (
		actor: Actor,
		resource: NotificationActionResources[A]
	) => boolean;
} = {
	'notifications.use': () => true,
	'notify.assessmentDue': (actor, p) => p.caseManagerUserId === actor.userId && seesParticipant(actor, p),
	'notify.policeContact': (actor, p) =>
		(p.caseManagerUserId === actor.userId || p.defenderUserId === actor.userId) && seesParticipant(actor, p),
	'notify.actionItemDue': (actor, a) => actor.agencyId === a.ownerAgencyId || actor.userId === a.ownerUserId,
	'notify.agendaComment': (actor, m) =>
		(m.organizerUserId === actor.userId || actor.role === 'facilitator') &&
		meetingRules['meeting.view'](actor, m),
	'notify.agendaPublished': (actor, m) => isInvited(actor, m) && meetingRules['meeting.agenda.view'](actor, m)
};

/** A rule that chooses who is told. */
export type NotifyRule = keyof NotificationActionResources;

const named = (...ids: (string | null)[]) => ids.filter((id): id is string => id !== null);

/**
 * For the rules that only ever choose people they name by id, those ids: a change then reads
 * those accounts (each still asked the rule) instead of every account of the jurisdiction.
 */
const candidateRules: {
	[A in keyof NotificationActionResources]?: (resource: NotificationActionResources[A]) => string[];
} = {
	'notify.assessmentDue': (p) => named(p.caseManagerUserId),
	'notify.policeContact': (p) => named(p.caseManagerUserId, p.defenderUserId)
};

/** The only people this rule can choose for this resource, or null when anyone may qualify. */
export function notificationCandidates<A extends keyof NotificationActionResources>(
	rule: A,
	resource: NotificationActionResources[A]
): string[] | null {
	const candidates = candidateRules[rule] as ((r: NotificationActionResources[A]) => string[]) | undefined;
	return candidates ? candidates(resource) : null;
}
