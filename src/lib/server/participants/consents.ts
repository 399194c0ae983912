/**
 * Recording, renewing and revoking a participant's consents (releases of information). Each is
 * one board mutation: validated, checked against the policy, stored with its timeline entry,
 * change-log row and audit entries in one transaction, then fanned out like any other change.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditAction } from '../audit';
import type { AuditSubject } from '../commands/command';
import { agencies, consents, type Consent, type Participant } from '../db/schema';
import { conflict, notFound } from '../errors';
import { authorize, can, type Actor } from '../policy';
import { CONSENT_RECIPIENT_KINDS, INFORMATION_CATEGORIES } from '../policy/participants';
import { CATEGORY_LABELS, formatConsentDay } from '../../shared/participant-labels';
import { AGENCY_KINDS, type AgencyKind } from '../../shared/roles';
import { agencyNames, recipientOf } from './consent-grants';
import { dayNumberOf, localDate, startOfLocalDay } from '../../shared/zoned';
import {
	checkVersion,
	loadJurisdiction,
	loadParticipant,
	participantResource,
	recordChange,
	type MutationResult,
	type Segment,
	participantCommand
} from './changes';
import { invalidField } from '../commands/kernel';
import { type Conn } from '../db';
import { recordId } from './schemas';

export const CONSENT_LIMITS = { purpose: 500, reason: 500 } as const;

const text = (max: number) => z.string().trim().min(1, 'Required.').max(max, `At most ${max} characters.`);
const localDay = z.iso.date('Use a date (YYYY-MM-DD).');
const expectedVersion = z.int().min(1).max(1_000_000_000);
const RECIPIENT = /^(agency:[A-Za-z0-9_-]{1,64}|kind:[a-z_]{1,32})$/;

/** How long the release runs: to a date (inclusive) or to the end of LEAD participation. */
const validity = {
	until: z.enum(['date', 'exit'], 'Choose a date or the end of LEAD participation.'),
	validUntil: localDay.optional()
};

export const recordConsentInput = z.strictObject({
	participantId: recordId,
	/** `agency:<id>` for one agency, `kind:<agency kind>` for every agency of that kind. */
	recipient: z.string().regex(RECIPIENT, 'Choose who may receive the information.'),
	categories: z
		.array(z.enum(INFORMATION_CATEGORIES), 'Choose at least one kind of information.')
		.min(1, 'Choose at least one kind of information.')
		.max(INFORMATION_CATEGORIES.length)
		.refine((cs) => new Set(cs).size === cs.length, 'Each kind of information once.'),
	purpose: text(CONSENT_LIMITS.purpose),
	signedOn: localDay,
	...validity
});

export const renewConsentInput = z.strictObject({
	participantId: recordId,
	consentId: recordId,
	expectedVersion,
	renewedOn: localDay,
	...validity
});

export const revokeConsentInput = z.strictObject({
	participantId: recordId,
	consentId: recordId,
	expectedVersion,
	reason: text(CONSENT_LIMITS.reason)
});

export interface ConsentResult extends MutationResult {
	consentId: string;
	version: number;
}

interface Recipient {
	recipientAgencyId: string | null;
	recipientAgencyKind: AgencyKind | null;
}

/** Resolves `agency:<id>` / `kind:<kind>` to an agency of the actor's jurisdiction that may receive it. */
function resolveRecipient(tx: Conn, actor: Actor, value: string): Recipient {
	const [type, ref] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
	const refuse = () => invalidField('recipient', 'That agency cannot receive participant information.');
	if (type === 'kind') {
		const kind = AGENCY_KINDS.find((k) => k === ref);
		if (!kind || !CONSENT_RECIPIENT_KINDS.includes(kind)) throw refuse();
		return { recipientAgencyId: null, recipientAgencyKind: kind };
	}
	const agency = tx
		.select()
		.from(agencies)
		.where(and(eq(agencies.id, ref), eq(agencies.jurisdictionId, actor.jurisdictionId)))
		.get();
	if (!agency || !CONSENT_RECIPIENT_KINDS.includes(agency.kind)) throw refuse();
	return { recipientAgencyId: agency.id, recipientAgencyKind: null };
}

interface Validity {
	validUntil: string | null;
	untilExit: boolean;
	expiresAt: Date | null;
}

/** Checks the dates against the jurisdiction's calendar and turns them into instants. */
function resolveValidity(
	data: { until: 'date' | 'exit'; validUntil?: string },
	signed: { field: string; on: string },
	p: Participant,
	timezone: string,
	now: Date
): Validity {
	const today = localDate(now, timezone);
	if (signed.on > today) throw invalidField(signed.field, 'The signing date cannot be in the future.');
	if (data.until === 'exit') {
		if (p.status === 'exited') {
			throw invalidField('until', 'This participant has exited LEAD; choose an end date instead.');
		}
		return { validUntil: null, untilExit: true, expiresAt: null };
	}
	if (!data.validUntil) throw invalidField('validUntil', 'Give the last day the release is valid.');
	if (data.validUntil < today)
		throw invalidField('validUntil', 'That day has passed; the release would already have expired.');
	if (data.validUntil < signed.on)
		throw invalidField('validUntil', 'A release cannot end before it was signed.');
	const expiresAt = startOfLocalDay(dayNumberOf(data.validUntil) + 1, timezone);
	return { validUntil: data.validUntil, untilExit: false, expiresAt };
}

const untilText = (v: { validUntil: string | null }) =>
	v.validUntil ? `until ${formatConsentDay(v.validUntil)}` : 'until the end of LEAD participation';

/** The consent's own audit entry, beside the participant write the command records. */
function consentEntry(action: AuditAction, c: Consent): AuditSubject {
	return {
		action,
		objectType: 'consent',
		objectId: c.id,
		detail: {
			participantId: c.participantId,
			recipientAgencyId: c.recipientAgencyId,
			recipientAgencyKind: c.recipientAgencyKind,
			categories: c.categories.join(',')
		}
	};
}

/** Records a signed release of information naming an agency and the categories it may receive. */
export const recordConsent = participantCommand({
	name: 'consent.record',
	kind: 'consent.recorded',
	input: recordConsentInput,
	run({ tx, actor, now, audit }, data): ConsentResult {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'consent.manage', participantResource(p));
		const { timezone } = loadJurisdiction(tx, actor.jurisdictionId);
		const recipient = resolveRecipient(tx, actor, data.recipient);
		const valid = resolveValidity(data, { field: 'signedOn', on: data.signedOn }, p, timezone, now);
		const consent = tx
			.insert(consents)
			.values({
				jurisdictionId: p.jurisdictionId,
				participantId: p.id,
				...recipient,
				categories: data.categories,
				purpose: data.purpose,
				signedOn: data.signedOn,
				...valid,
				startsAt: startOfLocalDay(dayNumberOf(data.signedOn), timezone),
				createdByUserId: actor.userId,
				createdAt: now,
				updatedAt: now
			})
			.returning()
			.get();
		const who = recipientOf(consent, agencyNames(tx, actor.jurisdictionId)).name;
		const what = data.categories.map((c) => CATEGORY_LABELS[c].toLowerCase()).join(', ');
		const segments: Segment[] = [
			{ c: 'core', t: `Release of information recorded: ${who} may receive ${what} ${untilText(valid)}.` },
			{ c: 'case_notes', t: `Purpose: ${data.purpose}` }
		];
		const seq = recordChange(
			tx,
			actor,
			{ participantId: p.id, kind: 'consent.recorded', segments, refs: { consentId: consent.id } },
			now
		);
		audit(consentEntry('consent.created', consent));
		return { participantId: p.id, seq, consentId: consent.id, version: consent.version };
	}
});

/** One consent of this participant, for a renewal or revocation against `expectedVersion`. */
function loadConsentFor(
	tx: Conn,
	actor: Actor,
	data: { participantId: string; consentId: string; expectedVersion: number }
) {
	const p = loadParticipant(tx, actor, data.participantId);
	authorize(actor, 'consent.manage', participantResource(p));
	const consent = tx
		.select()
		.from(consents)
		.where(and(eq(consents.id, data.consentId), eq(consents.participantId, p.id)))
		.get();
	if (!consent) throw notFound('Consent');
	checkVersion(consent.version, data.expectedVersion, 'This consent', () => consent);
	if (consent.revokedAt) throw conflict('This consent was revoked; record a new one instead.', consent);
	return { p, consent };
}

/** Extends a release the participant signed again: a new end date, or until the end of LEAD participation. */
export const renewConsent = participantCommand({
	name: 'consent.renew',
	kind: 'consent.renewed',
	input: renewConsentInput,
	run({ tx, actor, now, audit }, data): ConsentResult {
		const { p, consent } = loadConsentFor(tx, actor, data);
		const { timezone } = loadJurisdiction(tx, actor.jurisdictionId);
		if (data.renewedOn < consent.signedOn)
			throw invalidField('renewedOn', 'A renewal cannot predate the original signature.');
		const valid = resolveValidity(data, { field: 'renewedOn', on: data.renewedOn }, p, timezone, now);
		const next = {
			...valid,
			renewedOn: data.renewedOn,
			renewedAt: now,
			renewedByUserId: actor.userId,
			expiryAnnouncedAt: null,
			version: consent.version + 1,
			updatedAt: now
		};
		tx.update(consents).set(next).where(eq(consents.id, consent.id)).run();
		const who = recipientOf(consent, agencyNames(tx, actor.jurisdictionId)).name;
		const segments: Segment[] = [
			{ c: 'core', t: `Release of information for ${who} renewed ${untilText(valid)}.` }
		];
		const seq = recordChange(
			tx,
			actor,
			{ participantId: p.id, kind: 'consent.renewed', segments, refs: { consentId: consent.id } },
			now
		);
		audit(consentEntry('consent.renewed', { ...consent, ...next }));
		return { participantId: p.id, seq, consentId: consent.id, version: next.version };
	}
});

/** Revokes a release at once: from this moment it widens nothing, on every open screen too. */
export const revokeConsent = participantCommand({
	name: 'consent.revoke',
	kind: 'consent.revoked',
	input: revokeConsentInput,
	run({ tx, actor, now, audit }, data): ConsentResult {
		const { p, consent } = loadConsentFor(tx, actor, data);
		const next = {
			revokedAt: now,
			revokedByUserId: actor.userId,
			revokeReason: data.reason,
			version: consent.version + 1,
			updatedAt: now
		};
		tx.update(consents).set(next).where(eq(consents.id, consent.id)).run();
		const who = recipientOf(consent, agencyNames(tx, actor.jurisdictionId)).name;
		const segments: Segment[] = [
			{ c: 'core', t: `Release of information for ${who} revoked.` },
			{ c: 'case_notes', t: `Reason: ${data.reason}` }
		];
		const seq = recordChange(
			tx,
			actor,
			{ participantId: p.id, kind: 'consent.revoked', segments, refs: { consentId: consent.id } },
			now
		);
		audit(consentEntry('consent.revoked', { ...consent, ...next }));
		return { participantId: p.id, seq, consentId: consent.id, version: next.version };
	}
});

export interface RecipientChoice {
	/** The form value: `agency:<id>` or `kind:<kind>`. */
	value: string;
	label: string;
}

/** The recipients a consent form offers this actor for this participant (none when they may not record one). */
export function consentRecipientChoices(db: Conn, actor: Actor, participantId: string): RecipientChoice[] {
	const p = loadParticipant(db, actor, participantId);
	if (!can(actor, 'consent.manage', participantResource(p))) return [];
	const named = [...agencyNames(db, actor.jurisdictionId).entries()]
		.filter(([, a]) => CONSENT_RECIPIENT_KINDS.includes(a.kind))
		.map(([id, a]) => ({ value: `agency:${id}`, label: a.name }))
		.sort((a, b) => a.label.localeCompare(b.label));
	const kinds = CONSENT_RECIPIENT_KINDS.map((kind) => ({
		value: `kind:${kind}`,
		label: recipientOf({ recipientAgencyId: null, recipientAgencyKind: kind } as Consent, new Map()).name
	}));
	return [...named, ...kinds];
}
