/** The groups of roles the policy's rules are written in, each declared once. */
import type { Role } from '../../shared/roles';
import type { Actor } from './actor';

export const POLICE: readonly Role[] = ['police_officer', 'police_sergeant'];

/** The agencies that sit at the operational workgroup table: the roles that see individual participants. */
export const WORKGROUP: readonly Role[] = [
	...POLICE,
	'prosecutor',
	'defender',
	'case_manager',
	'case_manager_supervisor',
	'facilitator'
];

/**
 * Roles that receive criminal-justice information. Clinical records (and case-management notes,
 * which come from the treatment provider) reach them only under consent, and then carry the
 * 42 CFR Part 2 redisclosure notice.
 */
export const CRIMINAL_JUSTICE_ROLES: readonly Role[] = [...POLICE, 'prosecutor', 'defender'];

/** Who writes a Policy Coordinating Group meeting's records and notes, and who may read its notes. */
export const PCG_WRITERS: readonly Role[] = ['pcg_member', 'facilitator'];
export const PCG_READERS: readonly Role[] = [...WORKGROUP, 'pcg_member', 'evaluator'];

export const AUDIT_READERS: readonly Role[] = ['admin', 'facilitator'];

/** A rule that asks only whether the actor holds one of these roles. */
export const roleIn = (roles: readonly Role[]) => (actor: Actor) => roles.includes(actor.role);
