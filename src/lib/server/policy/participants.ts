/**
 * The participant part of the one policy module: who may act on a participant, which information
 * categories each role sees, and the single table that puts every participant field in a category.
 *
 * Baseline choices (the consent issue widens them by the participant's release of information):
 * - Case management: a case manager sees every category for the participants they are assigned;
 *   a supervisor sees every category for everyone. A case manager covering a colleague's
 *   participant sees all but clinical detail and case notes ("minimum necessary").
 * - Police: identity (they referred and meet the person; knowing someone is in LEAD is what lets
 *   an officer divert instead of book on a new contact), legal matters and the contact log (the
 *   issue: police see legal matters; officers learn what happened to people they referred), and
 *   plan *progress* only (non-clinical domain and status: the Golden Rules let case managers
 *   confirm engagement and progress, not specifics that could prompt enforcement). No
 *   demographics (kept for disparity reporting, not enforcement), no clinical, no case notes.
 * - Prosecutor: the same as police. The liaison prosecutor coordinates charging with the plan,
 *   which needs identity, legal and progress, never treatment detail.
 * - Defender: for the participants they represent, identity, legal, contact log (a new arrest
 *   becomes their case) and plan progress (to argue for holding a charge); for anyone else only
 *   what every workgroup member sees.
 * - Facilitator: runs the meeting and keeps the roster, so identity, demographics (disparity
 *   figures for the PCG), contact log, legal and non-clinical plan detail; no clinical detail and
 *   no case notes (updates may carry health detail).
 * - PCG members, evaluators and administrators see no individual participant.
 * Everyone who may see a participant at all sees the `core` fields: program code, status, case
 * manager, flags and the assessment clock.
 *
 * Consent (the participant's release of information) widens this baseline and nothing else does:
 * an ACTIVE consent (signed, not yet expired, not revoked) that names the viewer's agency, or
 * every agency of the viewer's agency kind, adds its categories. It never lets a role that sees
 * no individual participant (PCG, evaluators, administrators) see one.
 */
import type { AgencyKind, Role } from '../../shared/roles';
import type { Actor } from './actor';
import type { Scoped } from './index';

export const INFORMATION_CATEGORIES = [
	'identity',
	'demographics',
	'contact_log',
	'legal',
	'plan_summary',
	'plan',
	'clinical',
	'case_notes'
] as const;
export type InformationCategory = (typeof INFORMATION_CATEGORIES)[number];
/** `core` fields go to everyone who may see the participant at all. */
export type FieldCategory = InformationCategory | 'core';

export { CATEGORY_LABELS, PART2_NOTICE } from '../../shared/participant-labels';

/** Goal domains whose goals are clinical (42 CFR Part 2 / health information). */
export const CLINICAL_GOAL_DOMAINS: readonly string[] = ['substance_use_treatment', 'mental_health'];

/** What the policy module needs to know about a participant. */
export interface ParticipantResource extends Scoped {
	caseManagerUserId: string | null;
	defenderUserId: string | null;
	/** When given, consents for any other participant are ignored. */
	participantId?: string;
}

export interface ReferralResource extends Scoped {
	pathway: 'arrest_diversion' | 'social_contact' | 'community';
}

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

/**
 * Roles that receive criminal-justice information. Clinical records (and case-management notes,
 * which come from the treatment provider) reach them only under consent, and then carry the
 * 42 CFR Part 2 redisclosure notice.
 */
export const CRIMINAL_JUSTICE_ROLES: readonly Role[] = [
	'police_officer',
	'police_sergeant',
	'prosecutor',
	'defender'
];
export const PART2_CATEGORIES: readonly InformationCategory[] = ['clinical', 'case_notes'];

/** Releasing plan detail releases the plan's progress too (a goal's words without its goal would show nothing). */
const CONSENT_IMPLIES: Partial<Record<InformationCategory, InformationCategory[]>> = {
	plan: ['plan_summary']
};

const POLICE: readonly Role[] = ['police_officer', 'police_sergeant'];
const WORKGROUP: readonly Role[] = [
	...POLICE,
	'prosecutor',
	'defender',
	'case_manager',
	'case_manager_supervisor',
	'facilitator'
];

const ALL: readonly InformationCategory[] = INFORMATION_CATEGORIES;
const CRIMINAL_JUSTICE: readonly InformationCategory[] = ['identity', 'contact_log', 'legal', 'plan_summary'];
const NON_CLINICAL: readonly InformationCategory[] = [
	'identity',
	'demographics',
	'contact_log',
	'legal',
	'plan_summary',
	'plan'
];

const isOwnCaseManager = (actor: Actor, p: ParticipantResource) =>
	actor.role === 'case_manager' && p.caseManagerUserId === actor.userId;
const isOwnDefender = (actor: Actor, p: ParticipantResource) =>
	actor.role === 'defender' && p.defenderUserId === actor.userId;

function baselineCategories(actor: Actor, p: ParticipantResource): readonly InformationCategory[] {
	switch (actor.role) {
		case 'case_manager_supervisor':
			return ALL;
		case 'case_manager':
			return isOwnCaseManager(actor, p) ? ALL : NON_CLINICAL;
		case 'police_officer':
		case 'police_sergeant':
		case 'prosecutor':
			return CRIMINAL_JUSTICE;
		case 'defender':
			return isOwnDefender(actor, p) ? CRIMINAL_JUSTICE : [];
		case 'facilitator':
			return NON_CLINICAL;
		default:
			return [];
	}
}

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

/**
 * The information categories this actor may see of this participant: the role's baseline,
 * widened only by the participant's active consents that name the actor's agency.
 */
export function visibleCategories(
	actor: Actor,
	participant: ParticipantResource,
	consents: readonly ConsentGrant[] = [],
	now: Date = new Date()
): ReadonlySet<InformationCategory> {
	if (actor.jurisdictionId !== participant.jurisdictionId) return new Set();
	if (!WORKGROUP.includes(actor.role)) return new Set();
	const visible = new Set(baselineCategories(actor, participant));
	for (const c of consentedCategories(actor, participant, consents, now)) visible.add(c);
	return visible;
}

/** Must what this actor sees carry the 42 CFR Part 2 redisclosure notice? */
export function part2NoticeApplies(actor: Actor, visible: ReadonlySet<InformationCategory>): boolean {
	return CRIMINAL_JUSTICE_ROLES.includes(actor.role) && PART2_CATEGORIES.some((c) => visible.has(c));
}

/** Categories that exist but are withheld from this actor, whether or not this participant has data in them. */
export function redactedCategories(visible: ReadonlySet<InformationCategory>): InformationCategory[] {
	return INFORMATION_CATEGORIES.filter((c) => !visible.has(c));
}

export interface ParticipantActionResources {
	'roster.view': Scoped;
	'participant.view': ParticipantResource;
	'participant.viewIdentity': ParticipantResource;
	'referral.create': ReferralResource;
	'contact.create.police': ParticipantResource;
	'contact.create.caseManagement': ParticipantResource;
	'plan.manage': ParticipantResource;
	'legal.view': ParticipantResource;
	'legal.manage': ParticipantResource;
	'legal.chargingDecision': ParticipantResource;
	'status.change': ParticipantResource;
	'update.post': ParticipantResource;
	'roster.manage': ParticipantResource;
	'participant.claim': ParticipantResource;
	'eligibility.override': ParticipantResource;
	'deadline.recordOutcome': ParticipantResource;
	'consent.view': ParticipantResource;
	'consent.manage': ParticipantResource;
}

const roleIn = (roles: readonly Role[]) => (actor: Actor) => roles.includes(actor.role);
const caseManagement = (actor: Actor, p: ParticipantResource) =>
	actor.role === 'case_manager_supervisor' || isOwnCaseManager(actor, p);

/** Who may be named in each assignment of a participant. */
export const ASSIGNABLE_ROLES = {
	caseManager: ['case_manager', 'case_manager_supervisor'],
	defender: ['defender']
} as const satisfies Record<string, readonly Role[]>;

/** Rules for the participant actions; `can` checks the jurisdiction before any of these. */
export const participantRules: {
	[A in keyof ParticipantActionResources]: (actor: Actor, resource: ParticipantActionResources[A]) => boolean;
} = {
	'roster.view': roleIn(WORKGROUP),
	'participant.view': roleIn(WORKGROUP),
	'participant.viewIdentity': (actor, p) => visibleCategories(actor, p).has('identity'),
	// Police refer by arrest diversion or social contact; community referrals come in through the program.
	'referral.create': (actor, r) =>
		r.pathway === 'community' ? actor.role === 'facilitator' : POLICE.includes(actor.role),
	'contact.create.police': roleIn(POLICE),
	'contact.create.caseManagement': caseManagement,
	'plan.manage': caseManagement,
	'legal.view': (actor, p) => visibleCategories(actor, p).has('legal'),
	'legal.manage': (actor, p) => actor.role === 'prosecutor' || isOwnDefender(actor, p),
	'legal.chargingDecision': roleIn(['prosecutor']),
	'status.change': caseManagement,
	'update.post': (actor, p) =>
		caseManagement(actor, p) ||
		isOwnDefender(actor, p) ||
		roleIn([...POLICE, 'prosecutor', 'facilitator'])(actor),
	'roster.manage': roleIn(['facilitator', 'case_manager_supervisor']),
	// A case manager may take on someone nobody is assigned to yet; reassignment is the roster's job.
	'participant.claim': (actor, p) => actor.role === 'case_manager' && p.caseManagerUserId === null,
	'eligibility.override': roleIn(['facilitator']),
	'deadline.recordOutcome': roleIn(['prosecutor']),
	// The whole record (purpose, history, revocations) and recording it: the participant's own
	// case manager, who takes the signed release at intake, and supervisors.
	'consent.view': caseManagement,
	'consent.manage': caseManagement
};

/** Actions asked about one participant, in the order a participant page lists its forms. */
export const PARTICIPANT_ACTIONS = [
	'participant.view',
	'participant.viewIdentity',
	'contact.create.police',
	'contact.create.caseManagement',
	'plan.manage',
	'legal.view',
	'legal.manage',
	'legal.chargingDecision',
	'status.change',
	'update.post',
	'roster.manage',
	'participant.claim',
	'eligibility.override',
	'deadline.recordOutcome',
	'consent.view',
	'consent.manage'
] as const satisfies readonly (keyof ParticipantActionResources)[];

type Row = Record<string, unknown>;
/** A field's category, or a function of its row when the row decides (a clinical goal, a case-management note). */
export type FieldRule = FieldCategory | ((row: Row) => FieldCategory);

const goalRow = (rest: 'plan' | 'plan_summary') => (row: Row) =>
	CLINICAL_GOAL_DOMAINS.includes(String(row.domain)) ? 'clinical' : rest;
const contactNote = (row: Row) => (row.kind === 'case_management' ? 'case_notes' : 'contact_log');

/**
 * Every participant-data column, keyed by table name then column key. A row whose `id` is not
 * visible is not shown at all (a clinical goal does not even appear to exist).
 * Timeline payloads carry their own category per text segment (see `participants/timeline.ts`).
 */
export const FIELD_CATEGORIES: Record<string, Record<string, FieldRule>> = {
	participants: {
		id: 'core',
		jurisdictionId: 'core',
		code: 'core',
		legalName: 'identity',
		aliases: 'identity',
		dateOfBirth: 'identity',
		raceEthnicity: 'demographics',
		gender: 'demographics',
		caseManagerUserId: 'core',
		defenderUserId: 'legal',
		status: 'core',
		exitReason: 'core',
		statusChangedAt: 'core',
		version: 'core',
		createdAt: 'core',
		updatedAt: 'core'
	},
	referrals: {
		id: 'core',
		participantId: 'core',
		pathway: 'core',
		occurredAt: 'core',
		referringUserId: 'core',
		offence: 'legal',
		offenceCategory: 'legal',
		neighbourhood: 'core',
		narrative: 'contact_log',
		screeningFacts: 'legal',
		assessmentDueAt: 'core',
		assessmentCompletedAt: 'core',
		deadlineOutcome: 'legal',
		deadlineOutcomeNote: 'legal',
		deadlineOutcomeAt: 'legal',
		deadlineOutcomeUserId: 'legal',
		version: 'core',
		createdAt: 'core'
	},
	eligibility_screenings: {
		id: 'core',
		referralId: 'core',
		participantId: 'core',
		result: 'core',
		reasons: 'legal',
		ruleSetKey: 'core',
		ruleSetVersion: 'core',
		overriddenByUserId: 'core',
		overrideReason: 'legal',
		overriddenAt: 'core',
		version: 'core',
		createdAt: 'core'
	},
	status_changes: {
		id: 'core',
		participantId: 'core',
		fromStatus: 'core',
		toStatus: 'core',
		exitReason: 'core',
		reason: 'case_notes',
		changedByUserId: 'core',
		createdAt: 'core'
	},
	plan_goals: {
		id: goalRow('plan_summary'),
		participantId: goalRow('plan_summary'),
		domain: goalRow('plan_summary'),
		status: goalRow('plan_summary'),
		version: goalRow('plan_summary'),
		createdByUserId: goalRow('plan_summary'),
		createdAt: goalRow('plan_summary'),
		updatedAt: goalRow('plan_summary'),
		description: goalRow('plan'),
		targetDate: goalRow('plan')
	},
	legal_matters: {
		id: 'legal',
		participantId: 'legal',
		caseNumber: 'legal',
		court: 'legal',
		charge: 'legal',
		nextCourtDate: 'legal',
		status: 'legal',
		chargingDecision: 'legal',
		chargingDecisionNote: 'legal',
		chargingDecisionByUserId: 'legal',
		createdByUserId: 'legal',
		version: 'legal',
		createdAt: 'legal',
		updatedAt: 'legal'
	},
	contacts: {
		id: 'contact_log',
		participantId: 'contact_log',
		kind: 'contact_log',
		occurredAt: 'contact_log',
		authorUserId: 'contact_log',
		note: contactNote,
		createdAt: 'contact_log'
	},
	participant_updates: {
		id: 'core',
		participantId: 'core',
		authorUserId: 'core',
		body: 'case_notes',
		createdAt: 'core'
	},
	consents: {
		id: 'core',
		jurisdictionId: 'core',
		participantId: 'core',
		recipientAgencyId: 'core',
		recipientAgencyKind: 'core',
		categories: 'core',
		// Why and why not: the participant's own words about their care go with case notes.
		purpose: 'case_notes',
		signedOn: 'core',
		validUntil: 'core',
		untilExit: 'core',
		startsAt: 'core',
		expiresAt: 'core',
		renewedOn: 'core',
		renewedAt: 'core',
		renewedByUserId: 'core',
		revokedAt: 'core',
		revokedByUserId: 'core',
		revokeReason: 'case_notes',
		expiryAnnouncedAt: 'core',
		createdByUserId: 'core',
		version: 'core',
		createdAt: 'core',
		updatedAt: 'core'
	},
	participant_events: {
		id: 'core',
		participantId: 'core',
		kind: 'core',
		category: 'core',
		actorUserId: 'core',
		actorAgencyKind: 'core',
		payload: 'core',
		createdAt: 'core'
	}
};

/** The category of one field of one row. Throws for a field the table does not list: a new column must be categorised. */
export function fieldCategory(table: string, field: string, row: Row): FieldCategory {
	const rule = FIELD_CATEGORIES[table]?.[field];
	if (rule === undefined) throw new Error(`No information category for ${table}.${field}`);
	return typeof rule === 'function' ? rule(row) : rule;
}

/**
 * The row with every field the actor may not see removed, or null when the row itself is hidden
 * (its `id` is in a withheld category).
 */
export function redactRow<T extends Row>(
	table: string,
	row: T,
	visible: ReadonlySet<InformationCategory>
): Partial<T> | null {
	const allowed = (field: string) => {
		const c = fieldCategory(table, field, row);
		return c === 'core' || visible.has(c);
	};
	if ('id' in row && !allowed('id')) return null;
	const out: Partial<T> = {};
	for (const key of Object.keys(row) as (keyof T & string)[]) {
		if (allowed(key)) out[key] = row[key];
	}
	return out;
}

/** Is a category visible (core always is)? */
export function sees(visible: ReadonlySet<InformationCategory>, category: FieldCategory): boolean {
	return category === 'core' || visible.has(category);
}
