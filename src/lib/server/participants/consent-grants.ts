/**
 * Reading consents: the grants the policy module weighs (with "until the end of LEAD
 * participation" resolved into the instant of exit) and the lines a participant page shows.
 * Loaded for one participant or a whole roster with a fixed number of queries.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { agencies, consents, statusChanges, type Consent } from '../db/schema';
import type { Conn } from '../db';
import { prepared } from '../db/prepared';
import {
	consentIsActive,
	visibleCategories,
	type Actor,
	type ConsentGrant,
	type InformationCategory
} from '../policy';
import type { ConsentLine, ConsentRecipient, ConsentRecord } from '../../shared/participant-views';
import type { ConsentState } from '../../shared/participant-values';
import { AGENCY_STYLE, type AgencyKind } from '../../shared/roles';
import type { UserSummary } from './staff';

export interface LoadedConsent {
	row: Consent;
	grant: ConsentGrant;
}

/** First exit at or after `from`, among a participant's exits (oldest first). */
function firstExitAfter(exits: Date[] | undefined, from: Date): Date | null {
	return exits?.find((at) => at.getTime() >= from.getTime()) ?? null;
}

function exitsOf(db: Conn, participantIds: string[]): Map<string, Date[]> {
	const out = new Map<string, Date[]>();
	if (!participantIds.length) return out;
	const rows = db
		.select({ participantId: statusChanges.participantId, at: statusChanges.createdAt })
		.from(statusChanges)
		.where(and(inArray(statusChanges.participantId, participantIds), eq(statusChanges.toStatus, 'exited')))
		.orderBy(statusChanges.createdAt)
		.all();
	for (const r of rows) out.set(r.participantId, [...(out.get(r.participantId) ?? []), r.at]);
	return out;
}

export function grantOf(row: Consent, exitedAt: Date | null): ConsentGrant {
	return {
		participantId: row.participantId,
		recipientAgencyId: row.recipientAgencyId,
		recipientAgencyKind: row.recipientAgencyKind,
		categories: row.categories,
		startsAt: row.startsAt,
		expiresAt: row.untilExit ? exitedAt : row.expiresAt,
		revokedAt: row.revokedAt
	};
}

/**
 * Every consent of the given participants (or of the whole jurisdiction), by participant id.
 * Nothing is filtered here: which consents are active is the policy module's question.
 */
export function loadConsents(
	db: Conn,
	jurisdictionId: string,
	participantIds: string[] | null
): Map<string, LoadedConsent[]> {
	const rows = consentRows(db, jurisdictionId, participantIds);
	const exits = exitsOf(db, [...new Set(rows.filter((r) => r.untilExit).map((r) => r.participantId))]);
	const out = new Map<string, LoadedConsent[]>();
	for (const row of rows) {
		const exitedAt = row.untilExit ? firstExitAfter(exits.get(row.participantId), row.createdAt) : null;
		const list = out.get(row.participantId) ?? [];
		list.push({ row, grant: grantOf(row, exitedAt) });
		out.set(row.participantId, list);
	}
	return out;
}

/** One participant's consents, oldest first: every change to a participant reads them. */
const consentsOfOne = prepared((db) =>
	db
		.select()
		.from(consents)
		.where(
			and(
				eq(consents.jurisdictionId, sql.placeholder('jurisdictionId')),
				eq(consents.participantId, sql.placeholder('participantId'))
			)
		)
		.orderBy(consents.createdAt)
		.prepare()
);

function consentRows(db: Conn, jurisdictionId: string, participantIds: string[] | null): Consent[] {
	if (participantIds?.length === 1)
		return consentsOfOne(db).all({ jurisdictionId, participantId: participantIds[0] });
	const where: SQL | undefined = participantIds
		? and(eq(consents.jurisdictionId, jurisdictionId), inArray(consents.participantId, participantIds))
		: eq(consents.jurisdictionId, jurisdictionId);
	return db.select().from(consents).where(where).orderBy(consents.createdAt).all();
}

/** The grants of one participant, for the policy module. */
export function consentGrants(db: Conn, jurisdictionId: string, participantId: string): ConsentGrant[] {
	return (loadConsents(db, jurisdictionId, [participantId]).get(participantId) ?? []).map((c) => c.grant);
}

/**
 * What this actor may see of this participant now, consents included: for code outside the views
 * (agenda lines, the room screen, exports) that needs the categories rather than a built view.
 */
export function participantVisibility(
	db: Conn,
	actor: Actor,
	p: { id: string; jurisdictionId: string; caseManagerUserId: string | null; defenderUserId: string | null },
	now: Date = new Date()
): ReadonlySet<InformationCategory> {
	const resource = {
		jurisdictionId: p.jurisdictionId,
		caseManagerUserId: p.caseManagerUserId,
		defenderUserId: p.defenderUserId,
		participantId: p.id
	};
	return visibleCategories(actor, resource, consentGrants(db, p.jurisdictionId, p.id), now);
}

export function agencyNames(
	db: Conn,
	jurisdictionId: string
): Map<string, { name: string; kind: AgencyKind }> {
	const rows = db
		.select({ id: agencies.id, name: agencies.name, kind: agencies.kind })
		.from(agencies)
		.where(eq(agencies.jurisdictionId, jurisdictionId))
		.all();
	return new Map(rows.map((a) => [a.id, { name: a.name, kind: a.kind }]));
}

export function recipientOf(
	row: Consent,
	names: Map<string, { name: string; kind: AgencyKind }>
): ConsentRecipient {
	if (row.recipientAgencyId) {
		const agency = names.get(row.recipientAgencyId);
		return {
			agencyId: row.recipientAgencyId,
			agencyKind: agency?.kind ?? 'program',
			name: agency?.name ?? 'Unknown agency'
		};
	}
	const kind = row.recipientAgencyKind ?? 'program';
	return { agencyId: null, agencyKind: kind, name: `Every ${AGENCY_STYLE[kind].label.toLowerCase()} agency` };
}

function stateOf(c: LoadedConsent, now: Date): ConsentState {
	if (c.row.revokedAt) return 'revoked';
	if (consentIsActive(c.grant, now)) return 'active';
	return c.grant.startsAt.getTime() > now.getTime() ? 'not_yet_signed' : 'expired';
}

function lineOf(c: LoadedConsent, names: Map<string, { name: string; kind: AgencyKind }>): ConsentLine {
	return {
		consentId: c.row.id,
		recipient: recipientOf(c.row, names),
		categories: [...c.row.categories],
		validUntil: c.row.validUntil,
		untilExit: c.row.untilExit
	};
}

/** The active consents, as every viewer of the participant sees them. */
export function consentLines(
	loaded: LoadedConsent[],
	names: Map<string, { name: string; kind: AgencyKind }>,
	now: Date
): ConsentLine[] {
	return loaded.filter((c) => consentIsActive(c.grant, now)).map((c) => lineOf(c, names));
}

/** Every consent, newest first, with its state and history. */
export function consentRecords(
	loaded: LoadedConsent[],
	names: Map<string, { name: string; kind: AgencyKind }>,
	users: Map<string, UserSummary>,
	now: Date
): ConsentRecord[] {
	const who = (id: string | null) => (id ? (users.get(id)?.name ?? 'Unknown user') : null);
	return [...loaded].reverse().map((c) => ({
		...lineOf(c, names),
		state: stateOf(c, now),
		purpose: c.row.purpose,
		signedOn: c.row.signedOn,
		renewedOn: c.row.renewedOn,
		recordedBy: who(c.row.createdByUserId) ?? 'Unknown user',
		revokedAt: c.row.revokedAt ? c.row.revokedAt.toISOString() : null,
		revokedBy: who(c.row.revokedByUserId),
		revokeReason: c.row.revokeReason,
		version: c.row.version
	}));
}
