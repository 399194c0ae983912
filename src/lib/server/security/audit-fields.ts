/**
 * The audit columns security events share: who an account is (read from its row, so a disabled
 * or locked account is still named) and the client address the board's server stamped.
 */
import { eq } from 'drizzle-orm';
import { actorFields, type AuditEntryInput } from '../audit';
import { user } from '../db/schema';
import type { Conn } from '../db';
import { STAMPED_HEADERS } from '../http/forwarded';

/** Stamped by the board's server on every request and upgrade; a client's own value is replaced. */
export const CLIENT_ADDRESS_HEADER = STAMPED_HEADERS.address;

type ActorColumns = Pick<AuditEntryInput, 'actorUserId' | 'actorRole' | 'actorAgencyId' | 'jurisdictionId'>;

export function clientAddress(headers: Headers | null | undefined): string | null {
	const value = headers?.get(CLIENT_ADDRESS_HEADER)?.trim();
	return value ? value.slice(0, 64) : null;
}

/** The account as the actor of an entry (it signed in, signed out, its session expired). */
export function accountActor(conn: Conn, userId: string): ActorColumns {
	const row = conn
		.select({ role: user.role, agencyId: user.agencyId, jurisdictionId: user.jurisdictionId })
		.from(user)
		.where(eq(user.id, userId))
		.get();
	return {
		actorUserId: userId,
		actorRole: row?.role ?? null,
		actorAgencyId: row?.agencyId ?? null,
		jurisdictionId: row?.jurisdictionId ?? null
	};
}

/**
 * No actor (someone not signed in tried something), but filed under the account's jurisdiction
 * so that jurisdiction's administrators see attempts against their people.
 */
export function anonymousAgainst(conn: Conn, userId: string | null): ActorColumns {
	if (!userId) return actorFields(null);
	return { ...actorFields(null), jurisdictionId: accountActor(conn, userId).jurisdictionId };
}
