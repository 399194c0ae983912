/**
 * Weighing a participant's releases of information. Consent widens what a role sees and nothing
 * else does: an ACTIVE consent (signed, not yet expired, not revoked) that names the viewer's
 * agency, or every agency of the viewer's agency kind, adds its categories. It never lets a role
 * that sees no individual participant (PCG, evaluators, administrators) see one.
 */
import { INFORMATION_CATEGORIES, type InformationCategory } from '../../../shared/participant-values';
import type { AgencyKind } from '../../../shared/roles';
import type { Actor } from '../actor';
import type { ParticipantResource } from './resource';

/**
 * A participant's release of information as the policy module weighs it: who it names, which
 * categories it releases, and the instants that bound it (the domain resolves "until the end of
 * LEAD participation" into the instant the participant exited).
 */
export interface ConsentGrant {
	participantId: string;
	recipientAgencyId?: string | null;
	recipientAgencyKind?: AgencyKind | null;
	categories: readonly InformationCategory[];
	/** Local midnight of the day it was signed: a consent not yet signed releases nothing. */
	startsAt: Date;
	/** The first instant it no longer applies; null while it runs until the participant exits. */
	expiresAt: Date | null;
	/** Revocation takes effect at once, whatever time it carries. */
	revokedAt: Date | null;
}

/** Agency kinds whose members see individual participants, so a consent may name them. */
export const CONSENT_RECIPIENT_KINDS: readonly AgencyKind[] = [
	'police',
	'prosecution',
	'defense',
	'case_management',
	'program'
];

/** Releasing plan detail releases the plan's progress too (a goal's words without its goal would show nothing). */
const CONSENT_IMPLIES: Partial<Record<InformationCategory, InformationCategory[]>> = {
	plan: ['plan_summary']
};

/** Is this consent in force at `now`: signed, not expired, not revoked? */
export function consentIsActive(grant: ConsentGrant, now: Date): boolean {
	if (grant.revokedAt) return false;
	// Written so that an unreadable date (NaN) counts as "not in force" rather than "in force".
	if (!(grant.startsAt.getTime() <= now.getTime())) return false;
	return grant.expiresAt === null || now.getTime() < grant.expiresAt.getTime();
}

/** Does this consent name the actor's agency (by id, or by agency kind)? */
export function consentNames(grant: ConsentGrant, actor: Actor): boolean {
	if (grant.recipientAgencyId) return grant.recipientAgencyId === actor.agencyId;
	return grant.recipientAgencyKind === actor.agencyKind;
}

/** The categories the participant's active consents release to this actor's agency. */
export function consentedCategories(
	actor: Actor,
	participant: ParticipantResource,
	consents: readonly ConsentGrant[],
	now: Date
): Set<InformationCategory> {
	const out = new Set<InformationCategory>();
	for (const grant of consents) {
		if (participant.participantId !== undefined && grant.participantId !== participant.participantId)
			continue;
		if (!consentIsActive(grant, now) || !consentNames(grant, actor)) continue;
		for (const c of grant.categories) {
			if (!INFORMATION_CATEGORIES.includes(c)) continue;
			out.add(c);
			for (const implied of CONSENT_IMPLIES[c] ?? []) out.add(implied);
		}
	}
	return out;
}
