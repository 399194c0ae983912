/** Who may act on a participant: one rule per participant action. */
import type { Role } from '../../../shared/roles';
import type { Actor, Scoped } from '../actor';
import { POLICE, WORKGROUP, roleIn } from '../roles';
import { caseManagement, isOwnDefender, type ParticipantResource, type ReferralResource } from './resource';
import { visibleCategories } from './visibility';

export interface ParticipantActionResources {
	'roster.view': Scoped;
	'participant.view': ParticipantResource;
	'participant.viewIdentity': ParticipantResource;
	'referral.create': ReferralResource;
	'contact.create.police': ParticipantResource;
	'contact.create.caseManagement': ParticipantResource;
	'plan.manage': ParticipantResource;
	'legal.view': ParticipantResource;
	'legal.manage': ParticipantResource;
	'legal.chargingDecision': ParticipantResource;
	'status.change': ParticipantResource;
	'update.post': ParticipantResource;
	'roster.manage': ParticipantResource;
	'participant.claim': ParticipantResource;
	'eligibility.override': ParticipantResource;
	'participant.merge': ParticipantResource;
	'deadline.recordOutcome': ParticipantResource;
	'consent.view': ParticipantResource;
	'consent.manage': ParticipantResource;
}

/** Who may be named in each assignment of a participant. */
export const ASSIGNABLE_ROLES = {
	caseManager: ['case_manager', 'case_manager_supervisor'],
	defender: ['defender']
} as const satisfies Record<string, readonly Role[]>;
export type Assignment = keyof typeof ASSIGNABLE_ROLES;

/** May a person of this role be named in this assignment of a participant? */
export function mayBeAssigned(role: Role, as: Assignment): boolean {
	return (ASSIGNABLE_ROLES[as] as readonly Role[]).includes(role);
}

/** Rules for the participant actions; `can` checks the jurisdiction before any of these. */
export const participantRules: {
	[A in keyof ParticipantActionResources]: (actor: Actor, resource: ParticipantActionResources[A]) => boolean;
} = {
	'roster.view': roleIn(WORKGROUP),
	'participant.view': roleIn(WORKGROUP),
	'participant.viewIdentity': (actor, p) => visibleCategories(actor, p).has('identity'),
	// Police refer by arrest diversion or social contact; community referrals come in through the program.
	'referral.create': (actor, r) =>
		r.pathway === 'community' ? actor.role === 'facilitator' : POLICE.includes(actor.role),
	'contact.create.police': roleIn(POLICE),
	'contact.create.caseManagement': caseManagement,
	'plan.manage': caseManagement,
	'legal.view': (actor, p) => visibleCategories(actor, p).has('legal'),
	'legal.manage': (actor, p) => actor.role === 'prosecutor' || isOwnDefender(actor, p),
	'legal.chargingDecision': roleIn(['prosecutor']),
	'status.change': caseManagement,
	'update.post': (actor, p) =>
		caseManagement(actor, p) ||
		isOwnDefender(actor, p) ||
		roleIn([...POLICE, 'prosecutor', 'facilitator'])(actor),
	'roster.manage': roleIn(['facilitator', 'case_manager_supervisor']),
	// A case manager may take on someone nobody is assigned to yet; reassignment is the roster's job.
	'participant.claim': (actor, p) => actor.role === 'case_manager' && p.caseManagerUserId === null,
	'eligibility.override': roleIn(['facilitator']),
	// Two records of one person are joined by whoever keeps the roster for the workgroup.
	'participant.merge': roleIn(['facilitator']),
	'deadline.recordOutcome': roleIn(['prosecutor']),
	// The whole record (purpose, history, revocations) and recording it: the participant's own
	// case manager, who takes the signed release at intake, and supervisors.
	'consent.view': caseManagement,
	'consent.manage': caseManagement
};
