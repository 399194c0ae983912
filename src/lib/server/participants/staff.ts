/** The jurisdiction's staff as participant views name them: by id, with their role and agency kind. */
import { and, eq, sql } from 'drizzle-orm';
import type { Conn } from '../db';
import { prepared } from '../db/prepared';
import { agencies, user } from '../db/schema';
import type { StaffRef } from '../../shared/participant-views';
import type { AgencyKind, Role } from '../../shared/roles';

export interface UserSummary {
	id: string;
	name: string;
	role: Role;
	agencyKind: AgencyKind;
}

/**
 * Users of a jurisdiction by id, with their agency kind (one query); with `ids`, only those (a
 * card names one member of staff, and a board change should not read every account).
 */
export function loadUsers(
	db: Conn,
	jurisdictionId: string,
	ids?: readonly string[]
): Map<string, UserSummary> {
	if (ids) {
		const found = ids.map((id) => userSummary(db).get({ id, jurisdictionId }));
		return new Map(found.filter((u) => u !== undefined).map((u) => [u.id, u]));
	}
	const rows = db
		.select({ id: user.id, name: user.name, role: user.role, agencyKind: agencies.kind })
		.from(user)
		.innerJoin(agencies, eq(agencies.id, user.agencyId))
		.where(eq(user.jurisdictionId, jurisdictionId))
		.all();
	return new Map(rows.map((u) => [u.id, u]));
}

const userSummary = prepared((db) =>
	db
		.select({ id: user.id, name: user.name, role: user.role, agencyKind: agencies.kind })
		.from(user)
		.innerJoin(agencies, eq(agencies.id, user.agencyId))
		.where(
			and(eq(user.id, sql.placeholder('id')), eq(user.jurisdictionId, sql.placeholder('jurisdictionId')))
		)
		.prepare()
);

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
