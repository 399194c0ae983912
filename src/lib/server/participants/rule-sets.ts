/**
 * Eligibility rules as configuration data, one rule set per jurisdiction (versioned in the
 * database). The shapes are validated with zod so a rule set edited by hand is checked before use.
 * The three sets below follow the public program descriptions in LEAD.md.
 */
import { z } from 'zod';
import { OFFENCE_CATEGORIES, REFERRAL_PATHWAYS } from '../db/participants.schema';

const pathways = z.array(z.enum(REFERRAL_PATHWAYS)).min(1);
/** Which referral pathways an exclusion applies to; absent means every pathway. */
const appliesTo = { appliesTo: pathways.optional() };

export const exclusionSchema = z.discriminatedUnion('kind', [
	z.strictObject({
		kind: z.literal('prior_violent_offence_within_years'),
		years: z.int().min(1),
		...appliesTo
	}),
	z.strictObject({ kind: z.literal('exploitation_of_minors'), ...appliesTo }),
	z.strictObject({ kind: z.literal('promoting_prostitution'), ...appliesTo }),
	z.strictObject({ kind: z.literal('drug_quantity_over_grams'), grams: z.number().positive(), ...appliesTo }),
	z.strictObject({ kind: z.literal('delivery_or_intent_to_deliver'), ...appliesTo }),
	z.strictObject({ kind: z.literal('dealing_above_subsistence'), ...appliesTo }),
	z.strictObject({ kind: z.literal('under_age'), age: z.int().min(1), ...appliesTo }),
	z.strictObject({ kind: z.literal('under_state_probation'), ...appliesTo })
]);
export type Exclusion = z.infer<typeof exclusionSchema>;

export const ruleSetSchema = z.strictObject({
	key: z.string().min(1).max(60),
	name: z.string().min(1).max(120),
	/** Referral pathways this jurisdiction accepts. */
	pathways,
	/** Offence categories that qualify; null means any offence (Albany's criterion is the driver). */
	eligibleOffenceCategories: z.array(z.enum(OFFENCE_CATEGORIES)).nullable(),
	/** Pathways on which an offence category must be given and must be eligible. */
	offenceCategoryRequiredFor: z.array(z.enum(REFERRAL_PATHWAYS)),
	/** At least one of these must have driven the contact (Albany); empty means no such criterion. */
	requireAnyDriver: z.array(z.enum(['drug_use', 'mental_illness', 'poverty'])),
	exclusions: z.array(exclusionSchema)
});
export type RuleSet = z.infer<typeof ruleSetSchema>;

const ARREST: ['arrest_diversion'] = ['arrest_diversion'];

/** King County / Seattle: low-level drug or prostitution offences, with Seattle's exclusions. */
export const KING_COUNTY_RULES: RuleSet = {
	key: 'king_county',
	name: 'King County (Seattle) LEAD eligibility',
	pathways: ['arrest_diversion', 'social_contact'],
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

/** Santa Fe: as King County, plus state probation, more than 6 grams, dealing above subsistence, under 18. */
export const SANTA_FE_RULES: RuleSet = {
	key: 'santa_fe',
	name: 'Santa Fe LEAD eligibility',
	pathways: ['arrest_diversion', 'social_contact'],
	eligibleOffenceCategories: ['drug_possession', 'drug_sale', 'prostitution'],
	offenceCategoryRequiredFor: ['arrest_diversion'],
	requireAnyDriver: [],
	exclusions: [
		{ kind: 'drug_quantity_over_grams', grams: 6, appliesTo: ARREST },
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
	pathways: ['arrest_diversion', 'social_contact', 'community'],
	eligibleOffenceCategories: null,
	offenceCategoryRequiredFor: [],
	requireAnyDriver: ['drug_use', 'mental_illness', 'poverty'],
	exclusions: [{ kind: 'exploitation_of_minors' }]
};

export const BUILT_IN_RULE_SETS = {
	king_county: KING_COUNTY_RULES,
	santa_fe: SANTA_FE_RULES,
	albany: ALBANY_RULES
} as const;
