/** Who is asking, and what every resource they ask about has: the jurisdiction it belongs to. */
import type { AgencyKind, Role } from '../../shared/roles';

/** A person as one reading of the database has them; never changed in place (a new reading is a new object). */
export interface Actor {
	readonly userId: string;
	readonly name: string;
	readonly role: Role;
	readonly agencyId: string;
	readonly agencyKind: AgencyKind;
	readonly jurisdictionId: string;
}

/**
 * Whether two readings of a person give the same access: a changed role or agency means every
 * open screen must be built again, so their sockets are ended.
 */
export function sameAccess(a: Actor, b: Actor): boolean {
	return a.role === b.role && a.agencyId === b.agencyId && a.jurisdictionId === b.jurisdictionId;
}

/** A resource that belongs to a jurisdiction; every rule starts from this. */
export interface Scoped {
	jurisdictionId: string;
}
