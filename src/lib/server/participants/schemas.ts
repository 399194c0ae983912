/**
 * The zod schemas of every participant mutation's input: one per shape, strict (unknown keys
 * refused), with a length cap on every string. Form actions and socket handlers parse with these
 * same schemas through the domain functions.
 */
import { z } from 'zod';
import {
	CHARGING_DECISIONS,
	CONTACT_DRIVERS,
	SUBSTANCES,
	CONTACT_KINDS,
	DEADLINE_OUTCOMES,
	EXIT_REASONS,
	GOAL_DOMAINS,
	GOAL_STATUSES,
	LEGAL_MATTER_STATUSES,
	OFFENCE_CATEGORIES,
	PARTICIPANT_STATUSES,
	RACE_ETHNICITIES,
	REFERRAL_PATHWAYS
} from '../db/participants.schema';
import { ROSTER_FLAGS } from '../../shared/participant-values';

export const LIMITS = {
	name: 120,
	shortText: 200,
	note: 1000,
	narrative: 4000,
	updateBody: 4000,
	goal: 500,
	aliases: 10,
	search: 100
} as const;

export const recordId = z
	.string()
	.min(1)
	.max(64)
	.regex(/^[A-Za-z0-9_-]+$/, 'Not a record id.');
const text = (max: number) => z.string().trim().min(1, 'Required.').max(max, `At most ${max} characters.`);
const dateTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const localDay = z.iso.date();
const expectedVersion = z.int().min(1).max(1_000_000_000);

/** Phrases that make abstinence a condition: LEAD never requires it. */
const ABSTINENCE_AS_REQUIREMENT = [
	/\b(must|required?|requirement|mandatory|condition(al)? (of|on)|has to|have to|needs? to)\b[^.]*\b(abstain\w*|abstinen\w*|sobriety|sober|stay clean|drug[- ]free|clean time)/i,
	/\b(abstinen\w*|sobriety|drug[- ]free)\b[^.]*\b(required|mandatory|as a condition)\b/i
];
export function isAbstinenceRequirement(description: string): boolean {
	return ABSTINENCE_AS_REQUIREMENT.some((re) => re.test(description));
}
const goalDescription = text(LIMITS.goal).refine((d) => !isAbstinenceRequirement(d), {
	message: 'Abstinence is never a required goal in LEAD. Describe the participant’s own goal instead.'
});

export const personInput = z.strictObject({
	legalName: text(LIMITS.name),
	aliases: z.array(text(LIMITS.name)).max(LIMITS.aliases).default([]),
	dateOfBirth: localDay.optional(),
	raceEthnicity: z.enum(RACE_ETHNICITIES).optional(),
	gender: text(60).optional()
});

export const screeningFactsInput = z.strictObject({
	substance: z.enum(SUBSTANCES).optional(),
	grams: z.number().min(0).max(100_000).optional(),
	priorViolentOffenceYearsAgo: z.number().min(0).max(120).optional(),
	exploitationOfMinors: z.boolean().optional(),
	promotingProstitution: z.boolean().optional(),
	deliveryOrIntentToDeliver: z.boolean().optional(),
	dealingAboveSubsistence: z.boolean().optional(),
	underStateProbation: z.boolean().optional(),
	age: z.int().min(0).max(120).optional(),
	drivers: z.array(z.enum(CONTACT_DRIVERS)).max(CONTACT_DRIVERS.length).optional()
});

export const createReferralInput = z
	.strictObject({
		/** An existing participant being referred again (re-entry); otherwise `person`. */
		participantId: recordId.optional(),
		expectedVersion: expectedVersion.optional(),
		person: personInput.optional(),
		pathway: z.enum(REFERRAL_PATHWAYS),
		occurredAt: dateTime,
		offence: text(LIMITS.shortText).optional(),
		offenceCategory: z.enum(OFFENCE_CATEGORIES).optional(),
		neighbourhood: text(LIMITS.name).optional(),
		narrative: text(LIMITS.narrative).optional(),
		facts: screeningFactsInput.default({})
	})
	.superRefine((v, ctx) => {
		if (Boolean(v.participantId) === Boolean(v.person)) {
			ctx.addIssue({
				code: 'custom',
				path: ['person'],
				message: 'Give a new person or an existing participant, not both.'
			});
		}
		if (v.participantId && v.expectedVersion === undefined) {
			ctx.addIssue({
				code: 'custom',
				path: ['expectedVersion'],
				message: 'Required when referring an existing participant.'
			});
		}
		if (v.pathway === 'arrest_diversion' && !v.offence) {
			ctx.addIssue({
				code: 'custom',
				path: ['offence'],
				message: 'An arrest-diversion referral names the offence.'
			});
		}
		if (v.pathway === 'arrest_diversion' && !v.offenceCategory) {
			ctx.addIssue({
				code: 'custom',
				path: ['offenceCategory'],
				message: 'An arrest-diversion referral names the offence category.'
			});
		}
	});
export type CreateReferralInput = z.output<typeof createReferralInput>;

export const overrideEligibilityInput = z.strictObject({
	participantId: recordId,
	screeningId: recordId,
	reason: text(LIMITS.note),
	expectedVersion
});

/** `referred` is reached only through a referral, never by a status change. */
const changeableStatus = z.enum(PARTICIPANT_STATUSES).exclude(['referred']);

export const changeStatusInput = z
	.strictObject({
		participantId: recordId,
		to: changeableStatus,
		reason: text(LIMITS.note),
		exitReason: z.enum(EXIT_REASONS).optional(),
		expectedVersion
	})
	.superRefine((v, ctx) => {
		if (v.to === 'exited' && !v.exitReason) {
			ctx.addIssue({ code: 'custom', path: ['exitReason'], message: 'Say why the participant exits.' });
		}
		if (v.to !== 'exited' && v.exitReason) {
			ctx.addIssue({ code: 'custom', path: ['exitReason'], message: 'Only an exit has an exit reason.' });
		}
	});

export const addPlanGoalInput = z.strictObject({
	participantId: recordId,
	domain: z.enum(GOAL_DOMAINS),
	description: goalDescription,
	status: z.enum(GOAL_STATUSES).default('not_started'),
	targetDate: localDay.optional()
});

export const updatePlanGoalInput = z
	.strictObject({
		participantId: recordId,
		goalId: recordId,
		expectedVersion,
		description: goalDescription.optional(),
		status: z.enum(GOAL_STATUSES).optional(),
		targetDate: localDay.nullable().optional()
	})
	.refine((v) => v.description !== undefined || v.status !== undefined || v.targetDate !== undefined, {
		message: 'Change at least one of description, status or target date.',
		path: ['status']
	});

export const addLegalMatterInput = z.strictObject({
	participantId: recordId,
	caseNumber: text(60),
	court: text(LIMITS.name),
	charge: text(LIMITS.shortText),
	nextCourtDate: dateTime.optional()
});

export const updateLegalMatterInput = z
	.strictObject({
		participantId: recordId,
		legalMatterId: recordId,
		expectedVersion,
		court: text(LIMITS.name).optional(),
		nextCourtDate: dateTime.nullable().optional(),
		status: z.enum(LEGAL_MATTER_STATUSES).optional()
	})
	.refine((v) => v.court !== undefined || v.nextCourtDate !== undefined || v.status !== undefined, {
		message: 'Change at least one of court, next court date or status.',
		path: ['status']
	});

export const setChargingDecisionInput = z.strictObject({
	participantId: recordId,
	legalMatterId: recordId,
	decision: z.enum(CHARGING_DECISIONS),
	note: text(LIMITS.note).optional(),
	expectedVersion
});

export const recordDeadlineOutcomeInput = z
	.strictObject({
		participantId: recordId,
		referralId: recordId,
		outcome: z.enum(DEADLINE_OUTCOMES),
		/** The new local due date when the outcome is `extended`. */
		extendedUntil: localDay.optional(),
		note: text(LIMITS.note).optional(),
		expectedVersion
	})
	.superRefine((v, ctx) => {
		if ((v.outcome === 'extended') !== (v.extendedUntil !== undefined)) {
			ctx.addIssue({
				code: 'custom',
				path: ['extendedUntil'],
				message: 'An extension needs the new due date; other outcomes take none.'
			});
		}
	});

export const addContactInput = z.strictObject({
	participantId: recordId,
	kind: z.enum(CONTACT_KINDS),
	occurredAt: dateTime,
	note: text(LIMITS.note)
});

export const postUpdateInput = z.strictObject({
	participantId: recordId,
	body: text(LIMITS.updateBody)
});

export const assignCaseManagerInput = z.strictObject({
	participantId: recordId,
	caseManagerUserId: recordId.nullable(),
	expectedVersion
});

export const claimParticipantInput = z.strictObject({
	participantId: recordId,
	expectedVersion
});

export const assignDefenderInput = z.strictObject({
	participantId: recordId,
	defenderUserId: recordId.nullable(),
	expectedVersion
});

export const rosterQueryInput = z.strictObject({
	status: z.enum(PARTICIPANT_STATUSES).optional(),
	/** A case manager's user id, or `unassigned`. */
	caseManagerId: recordId.optional(),
	flag: z.enum(ROSTER_FLAGS).optional(),
	search: z.string().trim().max(LIMITS.search).optional(),
	group: z.enum(['status', 'caseManager']).optional()
});
export type RosterQuery = z.input<typeof rosterQueryInput>;
