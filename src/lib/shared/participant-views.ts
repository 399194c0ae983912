/**
 * What a browser receives about participants: the roster card, the roster, the participant page
 * and the board's event payloads, as zod schemas with their types inferred. Every view is already
 * redacted for its recipient: a field they may not see is absent (an optional key), never nulled.
 * The server's view builders return these types, so a renamed column fails the type check instead
 * of changing the wire; a unit test parses real views through these schemas.
 */
import { z } from 'zod';
import { AGENCY_KINDS } from './roles';
import {
	CHARGING_DECISIONS,
	CONSENT_STATES,
	CONTACT_KINDS,
	DEADLINE_OUTCOMES,
	EXIT_REASONS,
	GOAL_DOMAINS,
	GOAL_STATUSES,
	INFORMATION_CATEGORIES,
	LEGAL_MATTER_STATUSES,
	OFFENCE_CATEGORIES,
	PARTICIPANT_PAGE_ACTIONS,
	PARTICIPANT_STATUSES,
	RACE_ETHNICITIES,
	REFERRAL_PATHWAYS,
	ROSTER_FLAGS,
	CONTACT_DRIVERS,
	SUBSTANCES,
	SCREENING_RESULTS
} from './participant-values';

const instant = z.iso.datetime();
const day = z.iso.date();
const categories = z.array(z.enum(INFORMATION_CATEGORIES));

/** The facts a referral form records so the jurisdiction's eligibility rules can be applied. */
export const screeningFactsSchema = z.strictObject({
	substance: z.enum(SUBSTANCES).optional(),
	grams: z.number().optional(),
	priorViolentOffenceYearsAgo: z.number().optional(),
	exploitationOfMinors: z.boolean().optional(),
	promotingProstitution: z.boolean().optional(),
	deliveryOrIntentToDeliver: z.boolean().optional(),
	dealingAboveSubsistence: z.boolean().optional(),
	underStateProbation: z.boolean().optional(),
	age: z.number().optional(),
	drivers: z.array(z.enum(CONTACT_DRIVERS)).optional()
});
export type ScreeningFacts = z.infer<typeof screeningFactsSchema>;

/** Why a screening came out as it did, in words a reader of the referral may see. */
export const screeningReasonSchema = z.strictObject({ code: z.string(), message: z.string() });
export type ScreeningReason = z.infer<typeof screeningReasonSchema>;

/** A member of staff named on a card or a record (a case manager, a referring officer, an author). */
export const staffRefSchema = z.strictObject({
	userId: z.string(),
	name: z.string(),
	agencyKind: z.enum(AGENCY_KINDS).optional()
});
export type StaffRef = z.infer<typeof staffRefSchema>;

/** One roster row as its recipient may see it. */
export const participantCardSchema = z.strictObject({
	participantId: z.string(),
	code: z.string(),
	status: z.enum(PARTICIPANT_STATUSES),
	/** When the participant took their current status. */
	statusSince: instant,
	exitReason: z.enum(EXIT_REASONS).nullable(),
	version: z.int(),
	/** Legal name: only for roles that see identity. */
	name: z.string().optional(),
	caseManager: staffRefSchema.nullable(),
	eligibility: z.enum(['eligible', 'ineligible', 'overridden']).nullable(),
	pathway: z.enum(REFERRAL_PATHWAYS).nullable(),
	assessment: z.strictObject({ dueAt: instant, daysLeft: z.int(), overdue: z.boolean() }).nullable(),
	/** Legal category. */
	nextCourtDate: instant.nullable().optional(),
	/** Contact-log category. */
	lastContactAt: instant.nullable().optional(),
	flags: z.array(z.enum(ROSTER_FLAGS)),
	/** Every category withheld from this recipient, whether or not this participant has data there. */
	redacted: categories,
	/** Present when a criminal-justice role sees clinical records under consent: show the 42 CFR Part 2 notice. */
	part2Notice: z.literal(true).optional()
});
export type ParticipantCard = z.infer<typeof participantCardSchema>;

export const rosterGroupSchema = z.strictObject({
	key: z.string(),
	label: z.string(),
	participantIds: z.array(z.string())
});
export type RosterGroup = z.infer<typeof rosterGroupSchema>;

export const rosterViewSchema = z.strictObject({
	total: z.int(),
	cards: z.array(participantCardSchema),
	groups: z.array(rosterGroupSchema).optional()
});
export type RosterView = z.infer<typeof rosterViewSchema>;

export const screeningViewSchema = z.strictObject({
	screeningId: z.string(),
	result: z.enum(SCREENING_RESULTS),
	overridden: z.boolean(),
	reasons: z.array(screeningReasonSchema).optional(),
	overrideReason: z.string().nullable().optional(),
	/** The rules the referral was screened against, by their name, version and publication date. */
	ruleSet: z.strictObject({ name: z.string(), version: z.int(), publishedAt: instant.nullable() }),
	version: z.int()
});
export type ScreeningView = z.infer<typeof screeningViewSchema>;

export const referralViewSchema = z.strictObject({
	referralId: z.string(),
	pathway: z.enum(REFERRAL_PATHWAYS),
	occurredAt: instant,
	referredBy: staffRefSchema.nullable(),
	neighbourhood: z.string().nullable(),
	offence: z.string().nullable().optional(),
	offenceCategory: z.enum(OFFENCE_CATEGORIES).nullable().optional(),
	narrative: z.string().nullable().optional(),
	screeningFacts: screeningFactsSchema.optional(),
	assessmentDueAt: instant.nullable(),
	assessmentCompletedAt: instant.nullable(),
	deadlineOutcome: z.enum(DEADLINE_OUTCOMES).nullable().optional(),
	deadlineOutcomeNote: z.string().nullable().optional(),
	version: z.int(),
	screening: screeningViewSchema.nullable()
});
export type ReferralView = z.infer<typeof referralViewSchema>;

export const planGoalViewSchema = z.strictObject({
	goalId: z.string(),
	status: z.enum(GOAL_STATUSES),
	version: z.int(),
	updatedAt: instant,
	/** Plan detail: absent where only the plan's progress is shared. */
	description: z.string().optional(),
	targetDate: day.nullable().optional()
});
export type PlanGoalView = z.infer<typeof planGoalViewSchema>;

export const planDomainViewSchema = z.strictObject({
	domain: z.enum(GOAL_DOMAINS),
	goals: z.array(planGoalViewSchema)
});
export type PlanDomainView = z.infer<typeof planDomainViewSchema>;

export const legalMatterViewSchema = z.strictObject({
	legalMatterId: z.string(),
	caseNumber: z.string(),
	court: z.string(),
	charge: z.string(),
	nextCourtDate: instant.nullable(),
	status: z.enum(LEGAL_MATTER_STATUSES),
	chargingDecision: z.enum(CHARGING_DECISIONS),
	chargingDecisionNote: z.string().nullable(),
	version: z.int()
});
export type LegalMatterView = z.infer<typeof legalMatterViewSchema>;

export const contactViewSchema = z.strictObject({
	contactId: z.string(),
	kind: z.enum(CONTACT_KINDS),
	occurredAt: instant,
	author: staffRefSchema.nullable(),
	/** Absent where the note's category (contact log, or case notes for case management) is withheld. */
	note: z.string().optional()
});
export type ContactView = z.infer<typeof contactViewSchema>;

export const updateViewSchema = z.strictObject({
	updateId: z.string(),
	author: staffRefSchema.nullable(),
	createdAt: instant,
	/** Posted since the last meeting. */
	isNew: z.boolean(),
	body: z.string().optional()
});
export type UpdateView = z.infer<typeof updateViewSchema>;

export const timelineEntrySchema = z.strictObject({
	id: z.int(),
	kind: z.string(),
	agencyKind: z.string(),
	author: z.string(),
	at: instant,
	/** Only the segments of the entry's text this recipient may read. */
	text: z.string(),
	/** The meeting a decision or action item was recorded in. */
	meetingId: z.string().optional()
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const consentRecipientSchema = z.strictObject({
	agencyId: z.string().nullable(),
	agencyKind: z.enum(AGENCY_KINDS),
	/** The agency's name, or "Every police agency" for a consent that names a kind. */
	name: z.string()
});
export type ConsentRecipient = z.infer<typeof consentRecipientSchema>;

/** One consent as the "Consents:" line shows it to everyone who sees the participant. */
export const consentLineSchema = z.strictObject({
	consentId: z.string(),
	recipient: consentRecipientSchema,
	categories,
	/** The last day it is valid, or null when it runs until the participant exits. */
	validUntil: day.nullable(),
	untilExit: z.boolean()
});
export type ConsentLine = z.infer<typeof consentLineSchema>;

/** The whole record, for those who manage consents. */
export const consentRecordSchema = consentLineSchema.extend({
	state: z.enum(CONSENT_STATES),
	purpose: z.string(),
	signedOn: day,
	renewedOn: day.nullable(),
	recordedBy: z.string(),
	revokedAt: instant.nullable(),
	revokedBy: z.string().nullable(),
	revokeReason: z.string().nullable(),
	version: z.int()
});
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

/** The participant page as its recipient may see it. */
export const participantDetailSchema = z.strictObject({
	card: participantCardSchema,
	identity: z
		.strictObject({
			legalName: z.string().optional(),
			aliases: z.array(z.string()).optional(),
			dateOfBirth: z.string().nullable().optional()
		})
		.optional(),
	demographics: z
		.strictObject({
			raceEthnicity: z.enum(RACE_ETHNICITIES).nullable().optional(),
			gender: z.string().nullable().optional()
		})
		.optional(),
	defender: staffRefSchema.nullable().optional(),
	referrals: z.array(referralViewSchema),
	plan: z.array(planDomainViewSchema).optional(),
	legalMatters: z.array(legalMatterViewSchema).optional(),
	contacts: z.array(contactViewSchema).optional(),
	updates: z.array(updateViewSchema),
	timeline: z.array(timelineEntrySchema),
	/** The forms this recipient may use. */
	allowedActions: z.array(z.enum(PARTICIPANT_PAGE_ACTIONS)),
	redacted: categories,
	/** The participant's active consents: every viewer sees who may receive what. */
	consents: z.array(consentLineSchema),
	/** Every consent with its purpose and history, for those who manage them. */
	consentRecords: z.array(consentRecordSchema).optional(),
	/** Present when clinical records reach a criminal-justice role under consent (42 CFR Part 2). */
	part2Notice: z.literal(true).optional()
});
export type ParticipantDetail = z.infer<typeof participantDetailSchema>;

/** Who made a change, as every recipient may see it. */
export const changedBySchema = z.strictObject({ name: z.string(), agencyKind: z.enum(AGENCY_KINDS) });
export type ChangedBy = z.infer<typeof changedBySchema>;

/** A participant changed: the card as its recipient may see it, and the change-log position. */
export const cardChangeSchema = z.strictObject({
	card: participantCardSchema,
	seq: z.int(),
	kind: z.string(),
	by: changedBySchema.nullable(),
	at: z.iso.datetime()
});
export type CardChange = z.infer<typeof cardChangeSchema>;

/** A participant its recipient could see is no longer visible to them. */
export const cardRemovedSchema = z.strictObject({ participantId: z.string(), seq: z.int() });
export type CardRemoved = z.infer<typeof cardRemovedSchema>;

/** The open participant page's detail, re-sent after a change. */
export const detailChangeSchema = z.strictObject({
	detail: participantDetailSchema,
	seq: z.int(),
	by: changedBySchema.nullable()
});
export type DetailChange = z.infer<typeof detailChangeSchema>;

/** The reply to a roster request: the roster, the change-log position it reflects, and when. */
export const rosterReplySchema = z.strictObject({
	roster: rosterViewSchema,
	seq: z.int(),
	since: z.iso.datetime()
});
export type RosterReply = z.infer<typeof rosterReplySchema>;

/** The reply to a catch-up: what changed after the client's position that it may see. */
export const catchupReplySchema = z.strictObject({
	cards: z.array(participantCardSchema),
	removed: z.array(z.string()),
	seq: z.int(),
	hasMore: z.boolean()
});
export type CatchupReply = z.infer<typeof catchupReplySchema>;

/** A stored change: the participant, its change-log position, and what the operation returns. */
export const mutationReplySchema = z.looseObject({ participantId: z.string(), seq: z.int() });
export type MutationReply = z.infer<typeof mutationReplySchema>;
