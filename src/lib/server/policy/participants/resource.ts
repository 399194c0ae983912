/** What the policy module knows about a participant, and how an actor may stand to one. */
import type { ReferralPathway } from '../../../shared/participant-values';
import type { Actor, Scoped } from '../actor';

export interface ParticipantResource extends Scoped {
	caseManagerUserId: string | null;
	defenderUserId: string | null;
	/** When given, consents for any other participant are ignored. */
	participantId?: string;
}

export interface ReferralResource extends Scoped {
	pathway: ReferralPathway;
}

export const isOwnCaseManager = (actor: Actor, p: ParticipantResource) =>
	actor.role === 'case_manager' && p.caseManagerUserId === actor.userId;

export const isOwnDefender = (actor: Actor, p: ParticipantResource) =>
	actor.role === 'defender' && p.defenderUserId === actor.userId;

/** The participant's case management: their own case manager, or any supervisor. */
export const caseManagement = (actor: Actor, p: ParticipantResource) =>
	actor.role === 'case_manager_supervisor' || isOwnCaseManager(actor, p);
