/** The jurisdiction's staff as participant views name them: by id, with their role and agency kind. */
import { eq } from 'drizzle-orm';
import type { Conn } from '../db';
import { agencies, user } from '../db/schema';
import type { StaffRef } from '../../shared/participant-views';
import type { AgencyKind, Role } from '../../shared/roles';

export interface UserSummary {
	id: string;
	name: string;
	role: Role;
	agencyKind: AgencyKind;
}

/** Users of a jurisdiction by id, with their agency kind (one query). */
export function loadUsers(db: Conn, jurisdictionId: string): Map<string, UserSummary> {
	const rows = db
		.select({ id: user.id, name: user.name, role: user.role, agencyKind: agencies.kind })
		.from(user)
		.innerJoin(agencies, eq(agencies.id, user.agencyId))
		.where(eq(user.jurisdictionId, jurisdictionId))
		.all();
	return new Map(rows.map((u) => [u.id, u]));
}

/**
 * Who wrote what the operator of the board imported from the command line, where nobody is
 * signed in (`npm run roster:import`): the records name this instead of a person.
 */
export const OPERATOR_ID = 'operator';

/** The name a record's author goes by: someone no longer in the jurisdiction is "Unknown user". */
export function authorName(users: Map<string, UserSummary>, id: string): string {
	return users.get(id)?.name ?? (id === OPERATOR_ID ? 'Board operator (import)' : 'Unknown user');
}

/** A member of staff as a view names them. */
export function staffRef(users: Map<string, UserSummary>, id: string | null): StaffRef | null {
	if (!id) return null;
	return { userId: id, name: authorName(users, id), agencyKind: users.get(id)?.agencyKind };
}
