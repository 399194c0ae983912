/**
 * Reads the audit trail for the admin screens: one jurisdiction's entries (plus those that
 * belong to no jurisdiction, such as a failed sign-in for an unknown account), filtered and
 * sorted by allow-listed columns. Nothing here writes.
 */
import { and, asc, count, desc, eq, gte, isNull, lt, or, type SQL } from 'drizzle-orm';
import { auditEvents, type AuditEventRow } from '../db/audit.schema';
import { user } from '../db/schema';
import type { Conn } from '../db';
import { AUDIT_PAGE_SIZE, type AuditFilters, type AuditSort } from './filters';

export interface AuditListRow extends AuditEventRow {
	actorName: string | null;
}

const SORT_COLUMNS = {
	at: auditEvents.at,
	action: auditEvents.action,
	outcome: auditEvents.outcome,
	actor: auditEvents.actorUserId
} as const satisfies Record<AuditSort, unknown>;

const DAY_MS = 86_400_000;
const utcDay = (date: string) => Date.parse(`${date}T00:00:00.000Z`);

function whereOf(jurisdictionId: string, f: AuditFilters): SQL | undefined {
	const conditions: (SQL | undefined)[] = [
		or(eq(auditEvents.jurisdictionId, jurisdictionId), isNull(auditEvents.jurisdictionId)),
		f.objectId ? eq(auditEvents.objectId, f.objectId) : undefined,
		f.userId ? eq(auditEvents.actorUserId, f.userId) : undefined,
		f.action ? eq(auditEvents.action, f.action) : undefined,
		f.outcome ? eq(auditEvents.outcome, f.outcome) : undefined,
		f.from ? gte(auditEvents.at, utcDay(f.from)) : undefined,
		// The end date is inclusive: everything before the next UTC midnight.
		f.to ? lt(auditEvents.at, utcDay(f.to) + DAY_MS) : undefined
	];
	return and(...conditions);
}

function orderOf(f: AuditFilters): SQL[] {
	const by = f.dir === 'asc' ? asc : desc;
	return [by(SORT_COLUMNS[f.sort]), by(auditEvents.id)];
}

/** One page of entries (newest first unless asked otherwise) and how many match in all. */
export function listAuditEntries(
	conn: Conn,
	jurisdictionId: string,
	f: AuditFilters
): { rows: AuditListRow[]; total: number; pageSize: number } {
	const where = whereOf(jurisdictionId, f);
	const total = conn.select({ n: count() }).from(auditEvents).where(where).get()?.n ?? 0;
	const rows = selectRows(conn, where, f, AUDIT_PAGE_SIZE, (f.page - 1) * AUDIT_PAGE_SIZE);
	return { rows, total, pageSize: AUDIT_PAGE_SIZE };
}

/** Every matching entry, a batch at a time, in the filters' order (for the CSV export). */
export function* eachAuditEntry(conn: Conn, jurisdictionId: string, f: AuditFilters, batch = 1000) {
	const where = whereOf(jurisdictionId, f);
	for (let offset = 0; ; offset += batch) {
		const rows = selectRows(conn, where, f, batch, offset);
		yield* rows;
		if (rows.length < batch) return;
	}
}

function selectRows(conn: Conn, where: SQL | undefined, f: AuditFilters, limit: number, offset: number) {
	return conn
		.select({ entry: auditEvents, actorName: user.name })
		.from(auditEvents)
		.leftJoin(user, eq(user.id, auditEvents.actorUserId))
		.where(where)
		.orderBy(...orderOf(f))
		.limit(limit)
		.offset(offset)
		.all()
		.map(({ entry, actorName }) => ({ ...entry, actorName }));
}

/** The people of a jurisdiction, for the "user" filter. */
export function auditUserChoices(conn: Conn, jurisdictionId: string) {
	return conn
		.select({ id: user.id, name: user.name })
		.from(user)
		.where(eq(user.jurisdictionId, jurisdictionId))
		.orderBy(asc(user.name))
		.all();
}
