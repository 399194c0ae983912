/**
 * The meeting part of the one policy module: who may attend, organise, run, record in and read
 * the notes of a meeting, what a meeting's records are categorised as, and what the room screen
 * may show (the intersection of what everyone present may see).
 *
 * Choices:
 * - Attending: only invited members (by agency or by name), the meeting's organiser, facilitators
 *   and administrators (they organise meetings). Attending never widens what a person sees of a
 *   participant: every participant detail still goes through `visibleCategories`.
 * - Organising (details, invitations, agenda, publish, start, move, end, approve): the facilitator;
 *   an administrator may organise a Policy Coordinating Group meeting (no roster is involved).
 *   Building an agenda from the roster is the facilitator's, for workgroup meetings only.
 * - Recording decisions and action items: at a workgroup meeting the agencies at the table; at a
 *   PCG meeting its members and the facilitator. While live, and (for corrections before the
 *   minutes are approved) the organiser after it ends.
 * - Notes: workgroup notes for the workgroup roles; PCG notes written by PCG members and the
 *   facilitator and read by the workgroup roles and evaluators too. Both only for attendees.
 * - Approved minutes are read-only: every meeting write answers no from then on (the only later
 *   change is an action item being marked done, which is the action item's follow-up, not the minutes).
 */
import type { DecisionKind, MeetingKind, MeetingStatus } from '../../shared/meeting-values';
import type { Actor, Scoped } from './actor';
import { PCG_READERS, PCG_WRITERS, WORKGROUP, roleIn } from './roles';
import {
	INFORMATION_CATEGORIES,
	participantRules,
	visibleCategories,
	type InformationCategory,
	type ParticipantResource,
	type ConsentGrant
} from './participants';

/** What the policy module needs to know about a meeting. */
export interface MeetingResource extends Scoped {
	kind: MeetingKind;
	status: MeetingStatus;
	organizerUserId: string | null;
	invitedAgencyIds: readonly string[];
	invitedUserIds: readonly string[];
}

export interface MeetingKindResource extends Scoped {
	kind: MeetingKind;
}

export interface ActionItemResource extends Scoped {
	ownerAgencyId: string;
	ownerUserId: string | null;
	createdByUserId: string;
}

export interface MeetingActionResources {
	'meeting.create': MeetingKindResource;
	'meeting.view': MeetingResource;
	'meeting.agenda.view': MeetingResource;
	'meeting.manage': MeetingResource;
	'meeting.agenda.build': MeetingResource;
	'meeting.comment': MeetingResource;
	'meeting.start': MeetingResource;
	'meeting.steer': MeetingResource;
	'meeting.end': MeetingResource;
	'meeting.record': MeetingResource;
	'meeting.approve': MeetingResource;
	'meeting.notes.read': MeetingResource;
	'meeting.notes.write': MeetingResource;
	'meeting.flagParticipant': ParticipantResource;
	'actionItem.complete': ActionItemResource;
}

const isInvited = (actor: Actor, m: MeetingResource) =>
	m.invitedUserIds.includes(actor.userId) || m.invitedAgencyIds.includes(actor.agencyId);

/** Facilitators and administrators organise meetings, so they are always admitted. */
export function mayAttend(actor: Actor, m: MeetingResource): boolean {
	return (
		actor.role === 'facilitator' ||
		actor.role === 'admin' ||
		m.organizerUserId === actor.userId ||
		isInvited(actor, m)
	);
}

const organises = (actor: Actor, kind: MeetingKind) =>
	actor.role === 'facilitator' || (actor.role === 'admin' && kind === 'policy_group');

const isOrganiser = (actor: Actor, m: MeetingResource) => organises(actor, m.kind);

const recorderRole = (actor: Actor, m: MeetingResource) =>
	(m.kind === 'operational_workgroup' ? WORKGROUP : PCG_WRITERS).includes(actor.role);

const notesReaderRole = (actor: Actor, m: MeetingResource) =>
	(m.kind === 'operational_workgroup' ? WORKGROUP : PCG_READERS).includes(actor.role);

const notesWriterRole = (actor: Actor, m: MeetingResource) =>
	(m.kind === 'operational_workgroup' ? WORKGROUP : PCG_WRITERS).includes(actor.role);

const statusIn =
	(...statuses: MeetingStatus[]) =>
	(m: MeetingResource) =>
		statuses.includes(m.status);
const beforeEnd = statusIn('draft', 'published', 'live');

/** Rules for the meeting actions; `can` checks the jurisdiction before any of these. */
export const meetingRules: {
	[A in keyof MeetingActionResources]: (actor: Actor, resource: MeetingActionResources[A]) => boolean;
} = {
	'meeting.create': (actor, r) => organises(actor, r.kind),
	'meeting.view': mayAttend,
	// A draft agenda is the organiser's work in progress; invited members see it once published.
	'meeting.agenda.view': (actor, m) => mayAttend(actor, m) && (m.status !== 'draft' || isOrganiser(actor, m)),
	'meeting.manage': (actor, m) => isOrganiser(actor, m) && beforeEnd(m),
	'meeting.agenda.build': (actor, m) =>
		actor.role === 'facilitator' && m.kind === 'operational_workgroup' && statusIn('draft', 'published')(m),
	'meeting.comment': (actor, m) => mayAttend(actor, m) && statusIn('published', 'live')(m),
	'meeting.start': (actor, m) => isOrganiser(actor, m) && statusIn('draft', 'published')(m),
	'meeting.steer': (actor, m) => isOrganiser(actor, m) && m.status === 'live',
	'meeting.end': (actor, m) => isOrganiser(actor, m) && m.status === 'live',
	'meeting.record': (actor, m) =>
		mayAttend(actor, m) &&
		recorderRole(actor, m) &&
		(m.status === 'live' || (m.status === 'ended' && isOrganiser(actor, m))),
	'meeting.approve': (actor, m) => isOrganiser(actor, m) && m.status === 'ended',
	'meeting.notes.read': (actor, m) => mayAttend(actor, m) && notesReaderRole(actor, m),
	'meeting.notes.write': (actor, m) =>
		mayAttend(actor, m) && notesWriterRole(actor, m) && m.status !== 'approved',
	'meeting.flagParticipant': roleIn(WORKGROUP),
	'actionItem.complete': (actor, a) =>
		actor.role === 'facilitator' ||
		actor.agencyId === a.ownerAgencyId ||
		actor.userId === a.ownerUserId ||
		actor.userId === a.createdByUserId
};

/**
 * The category a meeting record about a participant belongs to: a reader who may not see that
 * category of the participant sees that the record exists, not what it says.
 */
export const DECISION_CATEGORY: Record<DecisionKind, InformationCategory> = {
	charge_held_pending_engagement: 'legal',
	police_outreach: 'contact_log',
	locate_by_case_management: 'contact_log',
	other: 'plan_summary'
};
/** Action items coordinate progress on the plan ("what each agency will do next"). */
export const ACTION_ITEM_CATEGORY: InformationCategory = 'plan_summary';
/** Comments on a participant item talk about the person by name. */
export const COMMENT_CATEGORY: InformationCategory = 'identity';

/**
 * What the room screen may show of a participant: the categories EVERY person present may see
 * (the intersection of their views). Nobody present, or anyone present who may not see the
 * participant at all, leaves nothing.
 */
export function roomCategories(
	attendees: readonly Actor[],
	participant: ParticipantResource,
	consents: readonly ConsentGrant[] = []
): ReadonlySet<InformationCategory> {
	if (!roomMayShowParticipant(attendees, participant)) return new Set();
	let shared = new Set<InformationCategory>(INFORMATION_CATEGORIES);
	for (const actor of attendees) {
		const theirs = visibleCategories(actor, participant, consents);
		shared = new Set([...shared].filter((c) => theirs.has(c)));
	}
	return shared;
}

/** May the room screen show that this participant is being discussed (program code, status, flags)? */
export function roomMayShowParticipant(
	attendees: readonly Actor[],
	participant: ParticipantResource
): boolean {
	return (
		attendees.length > 0 &&
		attendees.every(
			(a) =>
				a.jurisdictionId === participant.jurisdictionId &&
				participantRules['participant.view'](a, participant)
		)
	);
}
