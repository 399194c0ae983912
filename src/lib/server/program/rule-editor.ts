/**
 * The eligibility rules as the editing form sends them, turned into a rule set. The form names
 * each exclusion by its kind (`x.under_age.on`, `x.under_age.age`, `x.under_age.appliesTo`), so
 * switching one on or off and setting its numbers reads the way the page shows it.
 */
import { z } from 'zod';
import { ruleSetSchema, type Exclusion, type ExclusionKind } from '../participants/rule-sets';
import {
	CONTACT_DRIVERS,
	OFFENCE_CATEGORIES,
	REFERRAL_PATHWAYS,
	SUBSTANCES
} from '../../shared/participant-values';

export const EXCLUSION_KINDS = [
	'drug_quantity_over_grams',
	'delivery_or_intent_to_deliver',
	'dealing_above_subsistence',
	'prior_violent_offence_within_years',
	'exploitation_of_minors',
	'promoting_prostitution',
	'under_age',
	'under_state_probation'
] as const satisfies readonly ExclusionKind[];

/** A substance's limit as the form gives it: grams, "none" for no limit, or empty for the general one. */
const substanceLimit = z.union([
	z.literal('none'),
	z.coerce.number().positive('Grams above zero.').max(10_000)
]);

const exclusionForm = z.strictObject({
	on: z.boolean().optional(),
	years: z.number().optional(),
	grams: z.number().optional(),
	age: z.number().optional(),
	appliesTo: z.array(z.enum(REFERRAL_PATHWAYS)).optional(),
	bySubstance: z.partialRecord(z.enum(SUBSTANCES), substanceLimit).optional()
});
type ExclusionForm = z.infer<typeof exclusionForm>;

const editorForm = z.strictObject({
	/** The draft's version the form was made from; 0 when there is no draft yet. */
	expectedVersion: z.int().min(0),
	key: z.string().min(1).max(60),
	name: z.string(),
	scope: z.enum(['any', 'listed'], 'Choose which offences qualify.'),
	eligibleOffenceCategories: z.array(z.enum(OFFENCE_CATEGORIES)).default([]),
	offenceCategoryRequiredFor: z.array(z.enum(REFERRAL_PATHWAYS)).default([]),
	requireAnyDriver: z.array(z.enum(CONTACT_DRIVERS)).default([]),
	x: z.partialRecord(z.enum(EXCLUSION_KINDS), exclusionForm).default({})
});
type EditorForm = z.output<typeof editorForm>;

/**
 * The form read into `{ expectedVersion, rules }`. A rule the rule set's schema refuses is named
 * by the form field that set it (`x.under_age.age`), so the page can show the message beside it.
 */
export const ruleEditorInput = editorForm.transform(({ expectedVersion, ...form }, ctx) => {
	const candidate = candidateOf(form);
	const parsed = ruleSetSchema.safeParse(candidate);
	if (parsed.success) return { expectedVersion, rules: parsed.data };
	for (const issue of parsed.error.issues) {
		const [head, index, ...rest] = issue.path;
		const path =
			head === 'exclusions' && typeof index === 'number'
				? ['x', candidate.exclusions[index].kind, ...rest]
				: issue.path;
		ctx.issues.push({ code: 'custom', message: issue.message, path, input: candidate });
	}
	return z.NEVER;
});

function candidateOf(form: Omit<EditorForm, 'expectedVersion'>) {
	return {
		key: form.key,
		name: form.name,
		eligibleOffenceCategories: form.scope === 'any' ? null : form.eligibleOffenceCategories,
		offenceCategoryRequiredFor: form.offenceCategoryRequiredFor,
		requireAnyDriver: form.requireAnyDriver,
		exclusions: EXCLUSION_KINDS.flatMap((kind) => {
			const x = form.x[kind];
			return x?.on ? [exclusionOf(kind, x)] : [];
		})
	};
}

/** One switched-on exclusion; its numbers are checked by the rule set's own schema. */
function exclusionOf(kind: ExclusionKind, x: ExclusionForm): Exclusion {
	const appliesTo = x.appliesTo?.length ? { appliesTo: x.appliesTo } : {};
	switch (kind) {
		case 'prior_violent_offence_within_years':
			return { kind, years: x.years as number, ...appliesTo };
		case 'under_age':
			return { kind, age: x.age as number, ...appliesTo };
		case 'drug_quantity_over_grams':
			return { kind, grams: x.grams as number, ...bySubstance(x), ...appliesTo };
		default:
			return { kind, ...appliesTo };
	}
}

function bySubstance(x: ExclusionForm): {
	bySubstance?: Partial<Record<(typeof SUBSTANCES)[number], number | null>>;
} {
	const entries = Object.entries(x.bySubstance ?? {}).map(([s, limit]) => [
		s,
		limit === 'none' ? null : limit
	]);
	return entries.length ? { bySubstance: Object.fromEntries(entries) } : {};
}
