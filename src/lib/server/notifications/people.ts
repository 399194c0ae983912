/**
 * Who could be told: every enabled person of a jurisdiction as the policy module sees them. The
 * policy's `notify.*` rules then choose among them; nothing here decides who is told.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Conn } from '../db';
import { prepared } from '../db/prepared';
import { agencies, user } from '../db/schema';
import type { Actor } from '../policy';

/** Every enabled person of the jurisdiction, or only those of `ids` among them. */
export function peopleOf(db: Conn, jurisdictionId: string, ids: readonly string[] | null = null): Actor[] {
	if (ids) return ids.flatMap((id) => enabledPerson(db).get({ id, jurisdictionId }) ?? []);
	return db
		.select(PERSON)
		.from(user)
		.innerJoin(agencies, eq(agencies.id, user.agencyId))
		.where(and(eq(user.jurisdictionId, jurisdictionId), eq(user.disabled, false)))
		.all();
}

const PERSON = {
	userId: user.id,
	name: user.name,
	role: user.role,
	agencyId: user.agencyId,
	agencyKind: agencies.kind,
	jurisdictionId: user.jurisdictionId
};

const enabledPerson = prepared((db) =>
	db
		.select(PERSON)
		.from(user)
		.innerJoin(agencies, eq(agencies.id, user.agencyId))
		.where(
			and(
				eq(user.id, sql.placeholder('id')),
				eq(user.jurisdictionId, sql.placeholder('jurisdictionId')),
				eq(user.disabled, false)
			)
		)
		.prepare()
);
