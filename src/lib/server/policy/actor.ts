/** Who is asking: the signed-in user as the policy module sees them. */
import type { AgencyKind, Role } from '../../shared/roles';

export interface Actor {
	userId: string;
	name: string;
	role: Role;
	agencyId: string;
	agencyKind: AgencyKind;
	jurisdictionId: string;
}

/**
 * Whether two readings of a person give the same access: a changed role or agency means every
 * open screen must be built again, so their sockets are ended.
 */
export function sameAccess(a: Actor, b: Actor): boolean {
	return a.role === b.role && a.agencyId === b.agencyId && a.jurisdictionId === b.jurisdictionId;
}
