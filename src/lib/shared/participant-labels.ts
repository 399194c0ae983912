/**
 * Words the board shows for the participant domain's values, shared by pages and server text
 * (timeline entries) so a status reads the same everywhere.
 */
import type {
	ChargingDecision,
	ConsentState,
	ContactDriver,
	ContactKind,
	DeadlineOutcome,
	ExitReason,
	GoalDomain,
	GoalStatus,
	InformationCategory,
	OffenceCategory,
	ParticipantStatus,
	RaceEthnicity,
	ReferralPathway,
	RosterFlag,
	Substance
} from './participant-values';

export const CONTACT_KIND_LABELS: Record<ContactKind, string> = {
	police_social_contact: 'Police social contact',
	police_new_arrest: 'Police contact: new arrest',
	police_outreach: 'Police outreach',
	case_management: 'Case-management contact'
};

export const CHARGING_DECISION_LABELS: Record<ChargingDecision, string> = {
	pending: 'Pending',
	held_pending_engagement: 'Held pending engagement',
	filed: 'Filed',
	declined: 'Declined',
	diverted: 'Diverted',
	resolved: 'Resolved'
};

export const DEADLINE_OUTCOME_LABELS: Record<DeadlineOutcome, string> = {
	warrant_requested: 'Warrant requested',
	extended: 'Extended',
	charge_referred_back: 'Charge referred back',
	assessment_completed: 'Assessment completed'
};

export const STATUS_LABELS: Record<ParticipantStatus, string> = {
	screened_out: 'Screened out',
	referred: 'Referred',
	assessment_pending: 'Assessment pending',
	enrolled: 'Enrolled (active)',
	inactive: 'Inactive',
	unable_to_locate: 'Unable to locate',
	exited: 'Exited'
};

export const GOAL_DOMAIN_LABELS: Record<GoalDomain, string> = {
	housing: 'Housing',
	substance_use_treatment: 'Substance-use treatment',
	mental_health: 'Mental-health care',
	food: 'Food',
	income_benefits: 'Income and benefits',
	id_documents: 'ID documents',
	employment_training: 'Employment and job training',
	legal: 'Legal',
	other: 'Other'
};

export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
	not_started: 'Not started',
	in_progress: 'In progress',
	met: 'Met',
	on_hold: 'On hold',
	no_longer_needed: 'No longer needed'
};

export const PATHWAY_LABELS = {
	arrest_diversion: 'Arrest diversion',
	social_contact: 'Social contact',
	community: 'Community referral'
} as const satisfies Record<ReferralPathway, string>;

export const OFFENCE_CATEGORY_LABELS = {
	drug_possession: 'Drug possession',
	drug_sale: 'Drug sale (street level)',
	prostitution: 'Sex work',
	theft: 'Theft',
	trespass: 'Trespass',
	public_order: 'Public order',
	other: 'Other'
} as const satisfies Record<OffenceCategory, string>;

export const RACE_ETHNICITY_LABELS = {
	american_indian_alaska_native: 'American Indian or Alaska Native',
	asian: 'Asian',
	black: 'Black or African American',
	hispanic_latino: 'Hispanic or Latino',
	middle_eastern_north_african: 'Middle Eastern or North African',
	native_hawaiian_pacific_islander: 'Native Hawaiian or Pacific Islander',
	white: 'White',
	multiracial: 'Multiracial',
	other: 'Other',
	unknown: 'Unknown'
} as const satisfies Record<RaceEthnicity, string>;

export const EXIT_REASON_LABELS = {
	graduated: 'Graduated',
	moved: 'Moved away',
	incarcerated: 'Incarcerated',
	deceased: 'Deceased',
	other: 'Other'
} as const satisfies Record<ExitReason, string>;

export const CONTACT_DRIVER_LABELS = {
	drug_use: 'Drug use',
	mental_illness: 'Mental illness',
	poverty: 'Poverty'
} as const satisfies Record<ContactDriver, string>;

export const SUBSTANCE_LABELS = {
	heroin_fentanyl: 'Heroin or fentanyl',
	methamphetamine: 'Methamphetamine',
	cocaine: 'Cocaine or crack',
	prescription_opioid_pills: 'Prescription opioid pills',
	cannabis: 'Cannabis',
	other: 'Other substance'
} as const satisfies Record<Substance, string>;

export const FLAG_LABELS = {
	assessment_due_soon: 'Assessment due soon',
	assessment_overdue: 'Assessment overdue',
	new_police_contact_since_last_meeting: 'New police contact',
	court_within_14_days: 'Court soon',
	unable_to_locate_30_days: 'Unable to locate for some time',
	flagged_for_discussion: 'Flagged for discussion',
	updated_since_last_meeting: 'Updated since last meeting'
} as const satisfies Record<RosterFlag, string>;

/** Human labels, so the UI can say "Clinical detail: not shared with your agency". */
export const CATEGORY_LABELS: Record<InformationCategory, string> = {
	identity: 'Identity',
	demographics: 'Demographics',
	contact_log: 'Contact log',
	legal: 'Legal matters',
	plan_summary: 'Plan progress',
	plan: 'Plan detail',
	clinical: 'Clinical detail',
	case_notes: 'Case notes'
};

/** The redisclosure notice that travels with clinical records shown to a criminal-justice role. */
export const PART2_NOTICE = '42 CFR part 2 prohibits unauthorized use or disclosure of these records.';

export const CONSENT_STATE_LABELS = {
	active: 'Active',
	expired: 'Expired',
	revoked: 'Revoked',
	not_yet_signed: 'Not yet in force'
} as const satisfies Record<ConsentState, string>;

/** A consent's calendar date (YYYY-MM-DD, already the jurisdiction's day) as "1 Jun 2027". */
export function formatConsentDay(date: string): string {
	return new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${date}T00:00:00Z`));
}

/** "Harbor City Police Department — clinical detail, plan detail until 1 Jun 2027". */
export function consentSummary(line: {
	recipient: { name: string };
	categories: readonly InformationCategory[];
	validUntil: string | null;
}): string {
	const what = line.categories.map((c) => CATEGORY_LABELS[c].toLowerCase()).join(', ');
	const until = line.validUntil ? formatConsentDay(line.validUntil) : 'the end of LEAD participation';
	return `${line.recipient.name} — ${what} until ${until}`;
}
