/**
 * The one table that puts every participant-data column in an information category, and the
 * category of a field. A new column that is not listed here throws rather than leaks.
 */
import type { InformationCategory } from '../../../shared/participant-values';

/** `core` fields go to everyone who may see the participant at all. */
export type FieldCategory = InformationCategory | 'core';

/** Goal domains whose goals are clinical (42 CFR Part 2 / health information). */
export const CLINICAL_GOAL_DOMAINS: readonly string[] = ['substance_use_treatment', 'mental_health'];

export type Row = Record<string, unknown>;
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
		mergedIntoId: 'core',
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
		targetDate: goalRow('plan'),
		metAt: goalRow('plan_summary')
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
		chargingDecisionAt: 'legal',
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
