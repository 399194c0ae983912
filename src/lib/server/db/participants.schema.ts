/**
 * Participant records: referrals, eligibility screening, status history, intervention plan goals,
 * legal matters, contacts, updates, the per-participant timeline, the jurisdiction change log and
 * idempotency records. Every column's information category lives in the policy module
 * (`policy/participants/fields.ts`), not here.
 *
 * This file imports nothing from `schema.ts` (which re-exports it), so user and jurisdiction ids
 * are plain text columns: the domain functions check that they name rows of the actor's
 * jurisdiction.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import * as vocabulary from '../../shared/participant-values';
import type { ScreeningFacts, ScreeningReason } from '../../shared/participant-views';

/** The column vocabularies are the wire contract's; the domain keeps importing them with the tables. */
export * from '../../shared/participant-values';
export type { ScreeningFacts, ScreeningReason };

const id = () =>
	text('id')
		.primaryKey()
		.$defaultFn(() => crypto.randomUUID());
const nowMs = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;
const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull().default(nowMs);
const updatedAt = () => integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(nowMs);
const version = () => integer('version').notNull().default(1);

export const participants = sqliteTable(
	'participants',
	{
		id: id(),
		jurisdictionId: text('jurisdiction_id').notNull(),
		code: text('code').notNull(),
		legalName: text('legal_name').notNull(),
		aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull().default([]),
		dateOfBirth: text('date_of_birth'),
		raceEthnicity: text('race_ethnicity', { enum: vocabulary.RACE_ETHNICITIES }),
		gender: text('gender'),
		caseManagerUserId: text('case_manager_user_id'),
		defenderUserId: text('defender_user_id'),
		status: text('status', { enum: vocabulary.PARTICIPANT_STATUSES }).notNull().default('referred'),
		exitReason: text('exit_reason', { enum: vocabulary.EXIT_REASONS }),
		statusChangedAt: integer('status_changed_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
		/** Set when a facilitator merged this record into another record of the same person. */
		mergedIntoId: text('merged_into_id'),
		version: version(),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		uniqueIndex('participants_jurisdiction_code').on(t.jurisdictionId, t.code),
		index('participants_jurisdiction_status').on(t.jurisdictionId, t.status),
		// The program figures read a program's people a page at a time, in the order of their ids,
		// with the columns they count: all held here, so that read never visits the records.
		index('participants_figure_columns').on(
			t.jurisdictionId,
			t.id,
			t.mergedIntoId,
			t.raceEthnicity,
			t.gender,
			t.caseManagerUserId,
			t.status,
			t.createdAt
		),
		index('participants_case_manager').on(t.caseManagerUserId)
	]
);

export const referrals = sqliteTable(
	'referrals',
	{
		id: id(),
		participantId: text('participant_id')
			.notNull()
			.references(() => participants.id),
		pathway: text('pathway', { enum: vocabulary.REFERRAL_PATHWAYS }).notNull(),
		occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
		referringUserId: text('referring_user_id').notNull(),
		offence: text('offence'),
		offenceCategory: text('offence_category', { enum: vocabulary.OFFENCE_CATEGORIES }),
		neighbourhood: text('neighbourhood'),
		narrative: text('narrative'),
		screeningFacts: text('screening_facts', { mode: 'json' }).$type<ScreeningFacts>().notNull(),
		assessmentDueAt: integer('assessment_due_at', { mode: 'timestamp_ms' }),
		assessmentCompletedAt: integer('assessment_completed_at', { mode: 'timestamp_ms' }),
		deadlineOutcome: text('deadline_outcome', { enum: vocabulary.DEADLINE_OUTCOMES }),
		deadlineOutcomeNote: text('deadline_outcome_note'),
		deadlineOutcomeAt: integer('deadline_outcome_at', { mode: 'timestamp_ms' }),
		deadlineOutcomeUserId: text('deadline_outcome_user_id'),
		version: version(),
		createdAt: createdAt()
	},
	(t) => [index('referrals_participant').on(t.participantId, t.occurredAt)]
);

export const eligibilityRuleSets = sqliteTable(
	'eligibility_rule_sets',
	{
		id: id(),
		jurisdictionId: text('jurisdiction_id').notNull(),
		key: text('key').notNull(),
		version: integer('version').notNull(),
		name: text('name').notNull(),
		rules: text('rules', { mode: 'json' }).notNull(),
		/** Who published this version (null for a template installed at set-up). */
		publishedByUserId: text('published_by_user_id'),
		/** The Policy Coordinating Group meeting that approved it, when the change went through the PCG. */
		approvedAtMeetingId: text('approved_at_meeting_id'),
		/** What changed, in the publisher's words. */
		note: text('note'),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('eligibility_rule_sets_version').on(t.jurisdictionId, t.version)]
);

/** The rule set being edited before it is published (one per jurisdiction). */
export const eligibilityRuleDrafts = sqliteTable('eligibility_rule_drafts', {
	jurisdictionId: text('jurisdiction_id').primaryKey(),
	rules: text('rules', { mode: 'json' }).notNull(),
	/** The published version the draft started from. */
	basedOnVersion: integer('based_on_version').notNull(),
	/** The Policy Coordinating Group agenda item the draft is proposed on, if any. */
	proposedAgendaItemId: text('proposed_agenda_item_id'),
	updatedByUserId: text('updated_by_user_id').notNull(),
	version: version(),
	updatedAt: updatedAt()
});

export const eligibilityScreenings = sqliteTable(
	'eligibility_screenings',
	{
		id: id(),
		referralId: text('referral_id')
			.notNull()
			.unique()
			.references(() => referrals.id),
		participantId: text('participant_id')
			.notNull()
			.references(() => participants.id),
		result: text('result', { enum: vocabulary.SCREENING_RESULTS }).notNull(),
		reasons: text('reasons', { mode: 'json' }).$type<ScreeningReason[]>().notNull(),
		ruleSetKey: text('rule_set_key').notNull(),
		ruleSetVersion: integer('rule_set_version').notNull(),
		overriddenByUserId: text('overridden_by_user_id'),
		overrideReason: text('override_reason'),
		overriddenAt: integer('overridden_at', { mode: 'timestamp_ms' }),
		version: version(),
		createdAt: createdAt()
	},
	(t) => [index('eligibility_screenings_participant').on(t.participantId)]
);

export const statusChanges = sqliteTable(
	'status_changes',
	{
		id: id(),
		participantId: text('participant_id')
			.notNull()
			.references(() => participants.id),
		fromStatus: text('from_status', { enum: vocabulary.PARTICIPANT_STATUSES }),
		toStatus: text('to_status', { enum: vocabulary.PARTICIPANT_STATUSES }).notNull(),
		exitReason: text('exit_reason', { enum: vocabulary.EXIT_REASONS }),
		reason: text('reason').notNull(),
		changedByUserId: text('changed_by_user_id').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('status_changes_participant').on(t.participantId, t.createdAt)]
);

export const planGoals = sqliteTable(
	'plan_goals',
	{
		id: id(),
		participantId: text('participant_id')
			.notNull()
			.references(() => participants.id),
		domain: text('domain', { enum: vocabulary.GOAL_DOMAINS }).notNull(),
		description: text('description').notNull(),
		status: text('status', { enum: vocabulary.GOAL_STATUSES }).notNull().default('not_started'),
		targetDate: text('target_date'),
		/** When the goal was marked met (cleared if it is reopened), for the program figures. */
		metAt: integer('met_at', { mode: 'timestamp_ms' }),
		createdByUserId: text('created_by_user_id').notNull(),
		version: version(),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [index('plan_goals_participant').on(t.participantId)]
);

export const legalMatters = sqliteTable(
	'legal_matters',
	{
		id: id(),
		participantId: text('participant_id')
			.notNull()
			.references(() => participants.id),
		caseNumber: text('case_number').notNull(),
		court: text('court').notNull(),
		charge: text('charge').notNull(),
		nextCourtDate: integer('next_court_date', { mode: 'timestamp_ms' }),
		status: text('status', { enum: vocabulary.LEGAL_MATTER_STATUSES }).notNull().default('open'),
		chargingDecision: text('charging_decision', { enum: vocabulary.CHARGING_DECISIONS })
			.notNull()
			.default('pending'),
		chargingDecisionNote: text('charging_decision_note'),
		chargingDecisionByUserId: text('charging_decision_by_user_id'),
		/** When the prosecutor recorded the decision, for the program figures. */
		chargingDecisionAt: integer('charging_decision_at', { mode: 'timestamp_ms' }),
		createdByUserId: text('created_by_user_id').notNull(),
		version: version(),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [index('legal_matters_participant').on(t.participantId, t.nextCourtDate)]
);

export const contacts = sqliteTable(
	'contacts',
	{
		id: id(),
		participantId: text('participant_id')
			.notNull()
			.references(() => participants.id),
		kind: text('kind', { enum: vocabulary.CONTACT_KINDS }).notNull(),
		occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
		authorUserId: text('author_user_id').notNull(),
		note: text('note').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		index('contacts_participant').on(t.participantId, t.occurredAt),
		// The figures' kept history reads a person's contacts of one kind without reading the rows.
		index('contacts_participant_kind').on(t.participantId, t.kind, t.occurredAt)
	]
);

export const participantUpdates = sqliteTable(
	'participant_updates',
	{
		id: id(),
		participantId: text('participant_id')
			.notNull()
			.references(() => participants.id),
		authorUserId: text('author_user_id').notNull(),
		body: text('body').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('participant_updates_participant').on(t.participantId, t.createdAt)]
);

/** One piece of a timeline entry's text, with the information category that may read it. */
export interface TimelineSegment {
	c: string;
	t: string;
}

export interface TimelinePayload {
	segments: TimelineSegment[];
	refs?: Record<string, string>;
}

/** The participant timeline: every write appends one entry. */
export const participantEvents = sqliteTable(
	'participant_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		participantId: text('participant_id')
			.notNull()
			.references(() => participants.id),
		kind: text('kind').notNull(),
		category: text('category').notNull(),
		actorUserId: text('actor_user_id').notNull(),
		actorAgencyKind: text('actor_agency_kind').notNull(),
		payload: text('payload', { mode: 'json' }).$type<TimelinePayload>().notNull(),
		createdAt: createdAt()
	},
	(t) => [index('participant_events_participant').on(t.participantId, t.id)]
);

/** Jurisdiction-wide change log: a reconnecting client asks for everything after `seq`. */
export const changeLog = sqliteTable(
	'change_log',
	{
		seq: integer('seq').primaryKey({ autoIncrement: true }),
		jurisdictionId: text('jurisdiction_id').notNull(),
		participantId: text('participant_id').notNull(),
		kind: text('kind').notNull(),
		/** The most sensitive category of the change, so a catch-up can hide the kind from whoever may not see it. */
		category: text('category').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('change_log_jurisdiction').on(t.jurisdictionId, t.seq)]
);

/** The stored result of a mutation, so a retry with the same key from the same user writes nothing. */
export const idempotencyKeys = sqliteTable(
	'idempotency_keys',
	{
		key: text('key').notNull(),
		userId: text('user_id').notNull(),
		kind: text('kind').notNull(),
		result: text('result', { mode: 'json' }).notNull(),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.key, t.userId] })]
);

export type Participant = typeof participants.$inferSelect;
export type Referral = typeof referrals.$inferSelect;
export type EligibilityScreening = typeof eligibilityScreenings.$inferSelect;
export type EligibilityRuleSet = typeof eligibilityRuleSets.$inferSelect;
export type EligibilityRuleDraft = typeof eligibilityRuleDrafts.$inferSelect;
export type EligibilityRuleSetRow = typeof eligibilityRuleSets.$inferSelect;
export type StatusChange = typeof statusChanges.$inferSelect;
export type PlanGoal = typeof planGoals.$inferSelect;
export type LegalMatter = typeof legalMatters.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type ParticipantUpdate = typeof participantUpdates.$inferSelect;
export type ParticipantEvent = typeof participantEvents.$inferSelect;
