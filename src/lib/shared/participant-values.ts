/**
 * The participant domain's vocabularies: every value a participant record, a roster card or a
 * participant page can carry. The wire contract owns them; the database columns and the policy
 * module take them from here, so a value the browser does not know cannot be stored. Plain
 * constants only (no zod), so a page that needs a list of values loads nothing else.
 */
export const PARTICIPANT_STATUSES = [
	/** Referred, and the screening found the referral ineligible: no clock runs until a facilitator overrides it. */
	'screened_out',
	'referred',
	'assessment_pending',
	'enrolled',
	'inactive',
	'unable_to_locate',
	'exited'
] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export const EXIT_REASONS = ['graduated', 'moved', 'incarcerated', 'deceased', 'other'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export const REFERRAL_PATHWAYS = ['arrest_diversion', 'social_contact', 'community'] as const;
export type ReferralPathway = (typeof REFERRAL_PATHWAYS)[number];

export const OFFENCE_CATEGORIES = [
	'drug_possession',
	'drug_sale',
	'prostitution',
	'theft',
	'trespass',
	'public_order',
	'other'
] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

export const DEADLINE_OUTCOMES = [
	'warrant_requested',
	'extended',
	'charge_referred_back',
	'assessment_completed'
] as const;
export type DeadlineOutcome = (typeof DEADLINE_OUTCOMES)[number];

export const SCREENING_RESULTS = ['eligible', 'ineligible'] as const;
export type ScreeningResult = (typeof SCREENING_RESULTS)[number];

/** Intervention-plan domains. There is deliberately no abstinence domain: abstinence is never required. */
export const GOAL_DOMAINS = [
	'housing',
	'substance_use_treatment',
	'mental_health',
	'food',
	'income_benefits',
	'id_documents',
	'employment_training',
	'legal',
	'other'
] as const;
export type GoalDomain = (typeof GOAL_DOMAINS)[number];

export const GOAL_STATUSES = ['not_started', 'in_progress', 'met', 'on_hold', 'no_longer_needed'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const LEGAL_MATTER_STATUSES = ['open', 'closed'] as const;
export type LegalMatterStatus = (typeof LEGAL_MATTER_STATUSES)[number];

export const CHARGING_DECISIONS = [
	'pending',
	'held_pending_engagement',
	'filed',
	'declined',
	'diverted',
	'resolved'
] as const;
export type ChargingDecision = (typeof CHARGING_DECISIONS)[number];

export const CONTACT_DRIVERS = ['drug_use', 'mental_illness', 'poverty'] as const;

/** The substance a drug referral is about, for quantity limits that differ by substance. */
export const SUBSTANCES = [
	'heroin_fentanyl',
	'methamphetamine',
	'cocaine',
	'prescription_opioid_pills',
	'cannabis',
	'other'
] as const;
export type Substance = (typeof SUBSTANCES)[number];
export type ContactDriver = (typeof CONTACT_DRIVERS)[number];

export const CONTACT_KINDS = [
	'police_social_contact',
	'police_new_arrest',
	'police_outreach',
	'case_management'
] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const RACE_ETHNICITIES = [
	'american_indian_alaska_native',
	'asian',
	'black',
	'hispanic_latino',
	'middle_eastern_north_african',
	'native_hawaiian_pacific_islander',
	'white',
	'multiracial',
	'other',
	'unknown'
] as const;
export type RaceEthnicity = (typeof RACE_ETHNICITIES)[number];

/** The categories a participant's information is divided into; the policy module decides who sees which. */
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

/** What a roster card can be flagged with, most urgent first. */
export const ROSTER_FLAGS = [
	'assessment_due_soon',
	'assessment_overdue',
	'new_police_contact_since_last_meeting',
	'court_within_14_days',
	'unable_to_locate_30_days',
	'flagged_for_discussion',
	'updated_since_last_meeting'
] as const;
export type RosterFlag = (typeof ROSTER_FLAGS)[number];

export const CONSENT_STATES = ['active', 'expired', 'revoked', 'not_yet_signed'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/**
 * The actions a participant page is told it may take, in the order it lists its forms. The
 * policy module holds a rule for each and answers them.
 */
export const PARTICIPANT_PAGE_ACTIONS = [
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
	'consent.manage',
	'referral.create'
] as const;
export type ParticipantPageAction = (typeof PARTICIPANT_PAGE_ACTIONS)[number];
