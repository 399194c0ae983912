/**
 * Who could be told: every enabled person of a jurisdiction as the policy module sees them. The
 * policy's `notify.*` rules then choose among them; nothing here decides who is told.
 */
import { and, eq } from 'drizzle-orm';
import type { Conn } from '../db';
import { agencies, user } from '../db/schema';
import type { Actor } from '../policy';

export function peopleOf(db: Conn, jurisdictionId: string): Actor[] {
	return db
		.select({
			userId: user.id,
			name: user.name,
			role: user.role,
			agencyId: user.agencyId,
			agencyKind: agencies.kind,
			jurisdictionId: user.jurisdictionId
		})
		.from(user)
		.innerJoin(agencies, eq(agencies.id, user.agencyId))
		.where(and(eq(user.jurisdictionId, jurisdictionId), eq(user.disabled, false)))
		.all();
}
