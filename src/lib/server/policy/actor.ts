/** Who is asking, and what every resource they ask about has: the jurisdiction it belongs to. */
import type { AgencyKind, Role } from '../../shared/roles';

export interface Actor {
	userId: string;
	name: string;
	role: Role;
	agencyId: string;
	agencyKind: AgencyKind;
	jurisdictionId: string;
}

/** A resource that belongs to a jurisdiction; every rule starts from this. */
export interface Scoped {
	jurisdictionId: string;
}
