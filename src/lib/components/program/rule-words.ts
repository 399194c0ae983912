/** How the rules editor and the rules summary name each exclusion, with its number where it has one. */
export const EXCLUSION_WORDS = {
	drug_quantity_over_grams: { label: 'More than a quantity of drugs', unit: 'grams' },
	delivery_or_intent_to_deliver: { label: 'Delivery or intent to deliver', unit: null },
	dealing_above_subsistence: { label: 'Dealing above subsistence level', unit: null },
	prior_violent_offence_within_years: { label: 'A violent conviction within the look-back', unit: 'years' },
	exploitation_of_minors: { label: 'Believed to be exploiting minors', unit: null },
	promoting_prostitution: { label: 'Believed to be promoting prostitution', unit: null },
	under_age: { label: 'Under an age', unit: 'age' },
	under_state_probation: { label: 'Under state probation supervision at the time of contact', unit: null }
} as const;
export type ExclusionKey = keyof typeof EXCLUSION_WORDS;
export const EXCLUSION_KEYS = Object.keys(EXCLUSION_WORDS) as ExclusionKey[];

/** One exclusion in a sentence: "More than 3 grams (6 g of methamphetamine, no limit for pills)". */
export function exclusionSentence(e: {
	kind: string;
	grams?: number;
	years?: number;
	age?: number;
	appliesTo?: string[];
}): string {
	switch (e.kind) {
		case 'drug_quantity_over_grams':
			return `More than ${e.grams} grams`;
		case 'prior_violent_offence_within_years':
			return `A violent conviction within the last ${e.years} years`;
		case 'under_age':
			return `Under ${e.age}`;
		default:
			return EXCLUSION_WORDS[e.kind as ExclusionKey]?.label ?? e.kind;
	}
}
