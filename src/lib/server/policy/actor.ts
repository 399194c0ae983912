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
