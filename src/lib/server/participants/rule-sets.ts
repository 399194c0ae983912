/**
 * Eligibility rules as data each program owns, published in versions (see `eligibility.ts` and
 * `program/rules.ts`). The shape is validated with zod, so a rule set edited in the form or by
 * hand is checked before anyone is screened by it. The templates follow the public program
 * descriptions in LEAD.md; a program starts from one and edits it.
 */
import { z } from 'zod';
import {
	CONTACT_DRIVERS,
	OFFENCE_CATEGORIES,
	REFERRAL_PATHWAYS,
	SUBSTANCES,
	type ReferralPathway
} from '../../shared/participant-values';

const pathways = z.array(z.enum(REFERRAL_PATHWAYS)).min(1);
/** Which referral pathways an exclusion applies to; absent means every pathway. */
const appliesTo = { appliesTo: pathways.optional() };

export const exclusionSchema = z.discriminatedUnion('kind', [
	z.strictObject({
		kind: z.literal('prior_violent_offence_within_years'),
		years: z
			.int('Give the look-back in whole years.')
			.min(1, 'At least one year.')
			.max(50, 'At most 50 years.'),
		...appliesTo
	}),
	z.strictObject({ kind: z.literal('exploitation_of_minors'), ...appliesTo }),
	z.strictObject({ kind: z.literal('promoting_prostitution'), ...appliesTo }),
	z.strictObject({
		kind: z.literal('drug_quantity_over_grams'),
		/** The limit for any substance without one of its own. */
		grams: z.number('Give the quantity in grams.').positive('Grams above zero.').max(10_000),
		/** Limits by substance; null means no limit applies to that substance (Santa Fe's pills). */
		bySubstance: z.partialRecord(z.enum(SUBSTANCES), z.number().positive().max(10_000).nullable()).optional(),
		...appliesTo
	}),
	z.strictObject({ kind: z.literal('delivery_or_intent_to_deliver'), ...appliesTo }),
	z.strictObject({ kind: z.literal('dealing_above_subsistence'), ...appliesTo }),
	z.strictObject({
		kind: z.literal('under_age'),
		age: z.int('Give the age in whole years.').min(1).max(30, 'At most 30.'),
		...appliesTo
	}),
	z.strictObject({ kind: z.literal('under_state_probation'), ...appliesTo })
]);
export type Exclusion = z.infer<typeof exclusionSchema>;
export type ExclusionKind = Exclusion['kind'];

export const ruleSetSchema = z.strictObject({
	/** The template the rules started from (a stable key; never shown as the rules' name). */
	key: z.string().min(1).max(60),
	name: z.string().trim().min(1, 'Give the rules a name.').max(120),
	/** Offence categories that qualify; null means any offence (Albany's criterion is the driver). */
	eligibleOffenceCategories: z.array(z.enum(OFFENCE_CATEGORIES)).nullable(),
	/** Pathways on which an offence category must be given and must be eligible. */
	offenceCategoryRequiredFor: z.array(z.enum(REFERRAL_PATHWAYS)),
	/**
	 * A question the referrer answers and the facilitator can judge: at least one of these must
	 * have driven the contact (Albany); empty means the question is not asked.
	 */
	requireAnyDriver: z.array(z.enum(CONTACT_DRIVERS)),
	exclusions: z
		.array(exclusionSchema)
		.refine((e) => new Set(e.map((x) => x.kind)).size === e.length, 'Each exclusion once.')
});
export type RuleSet = z.infer<typeof ruleSetSchema>;

const ARREST: ['arrest_diversion'] = ['arrest_diversion'];

/** King County / Seattle: low-level drug or prostitution offences, with Seattle's exclusions. */
export const KING_COUNTY_RULES: RuleSet = {
	key: 'king_county',
	name: 'King County (Seattle) LEAD eligibility',
	eligibleOffenceCategories: ['drug_possession', 'drug_sale', 'prostitution'],
	offenceCategoryRequiredFor: ['arrest_diversion'],
	requireAnyDriver: [],
	exclusions: [
		{ kind: 'drug_quantity_over_grams', grams: 3, appliesTo: ARREST },
		{ kind: 'delivery_or_intent_to_deliver', appliesTo: ARREST },
		{ kind: 'exploitation_of_minors' },
		{ kind: 'promoting_prostitution' },
		{ kind: 'prior_violent_offence_within_years', years: 10, appliesTo: ARREST }
	]
};

/**
 * Santa Fe: as King County, plus state probation, more than 6 grams (not for prescription opioid
 * pills), dealing above subsistence, under 18.
 */
export const SANTA_FE_RULES: RuleSet = {
	key: 'santa_fe',
	name: 'Santa Fe LEAD eligibility',
	eligibleOffenceCategories: ['drug_possession', 'drug_sale', 'prostitution'],
	offenceCategoryRequiredFor: ['arrest_diversion'],
	requireAnyDriver: [],
	exclusions: [
		{
			kind: 'drug_quantity_over_grams',
			grams: 6,
			bySubstance: { prescription_opioid_pills: null },
			appliesTo: ARREST
		},
		{ kind: 'dealing_above_subsistence', appliesTo: ARREST },
		{ kind: 'under_age', age: 18 },
		{ kind: 'under_state_probation' },
		{ kind: 'exploitation_of_minors' },
		{ kind: 'prior_violent_offence_within_years', years: 10, appliesTo: ARREST }
	]
};

/** Albany: any contact driven by drug use, mental illness, poverty or a combination. */
export const ALBANY_RULES: RuleSet = {
	key: 'albany',
	name: 'Albany LEAD eligibility',
	eligibleOffenceCategories: null,
	offenceCategoryRequiredFor: [],
	requireAnyDriver: ['drug_use', 'mental_illness', 'poverty'],
	exclusions: [{ kind: 'exploitation_of_minors' }]
};

/** No criteria yet: every referral is eligible until the program writes its own. */
export const BLANK_RULES: RuleSet = {
	key: 'blank',
	name: 'Eligibility rules',
	eligibleOffenceCategories: null,
	offenceCategoryRequiredFor: [],
	requireAnyDriver: [],
	exclusions: []
};

/**
 * The templates a new program starts from, by the name the command line takes, with the
 * pathways and assessment window each site runs.
 */
export const RULE_TEMPLATES = {
	'king-county': {
		rules: KING_COUNTY_RULES,
		pathways: ['arrest_diversion', 'social_contact'],
		windowDays: 30
	},
	'santa-fe': { rules: SANTA_FE_RULES, pathways: ['arrest_diversion', 'social_contact'], windowDays: 30 },
	albany: {
		rules: ALBANY_RULES,
		pathways: ['arrest_diversion', 'social_contact', 'community'],
		windowDays: 30
	},
	blank: { rules: BLANK_RULES, pathways: ['arrest_diversion', 'social_contact'], windowDays: 30 }
} as const satisfies Record<string, { rules: RuleSet; pathways: ReferralPathway[]; windowDays: number }>;
export type RuleTemplate = keyof typeof RULE_TEMPLATES;
export const RULE_TEMPLATE_NAMES = Object.keys(RULE_TEMPLATES) as RuleTemplate[];

/** The screening facts a referral form asks for: exactly those the program's rules look at. */
export interface ReferralQuestions {
	offenceCategoryFor: ReferralPathway[];
	grams: boolean;
	/** Substances with a limit of their own (the form then asks which substance it was). */
	substance: boolean;
	priorViolentOffence: boolean;
	age: boolean;
	checks: (
		| 'underStateProbation'
		| 'deliveryOrIntentToDeliver'
		| 'dealingAboveSubsistence'
		| 'promotingProstitution'
		| 'exploitationOfMinors'
	)[];
	drivers: RuleSet['requireAnyDriver'];
}

const CHECK_OF = {
	under_state_probation: 'underStateProbation',
	delivery_or_intent_to_deliver: 'deliveryOrIntentToDeliver',
	dealing_above_subsistence: 'dealingAboveSubsistence',
	promoting_prostitution: 'promotingProstitution',
	exploitation_of_minors: 'exploitationOfMinors'
} as const;

export function questionsOf(rules: RuleSet): ReferralQuestions {
	const has = (kind: ExclusionKind) => rules.exclusions.find((e) => e.kind === kind);
	const quantity = has('drug_quantity_over_grams') as
		Extract<Exclusion, { kind: 'drug_quantity_over_grams' }> | undefined;
	return {
		offenceCategoryFor: rules.eligibleOffenceCategories ? rules.offenceCategoryRequiredFor : [],
		grams: Boolean(quantity),
		substance: Boolean(quantity?.bySubstance && Object.keys(quantity.bySubstance).length),
		priorViolentOffence: Boolean(has('prior_violent_offence_within_years')),
		age: Boolean(has('under_age')),
		checks: rules.exclusions.flatMap((e) =>
			e.kind in CHECK_OF ? [CHECK_OF[e.kind as keyof typeof CHECK_OF]] : []
		),
		drivers: rules.requireAnyDriver
	};
}
