/**
 * Eligibility screening: applies a jurisdiction's rule set (data) to a referral's facts, stores
 * the result with its reasons, and lets a facilitator override an ineligible result with a
 * recorded reason.
 */
import { and, desc, eq } from 'drizzle-orm';
import {
	eligibilityRuleSets,
	eligibilityScreenings,
	type OffenceCategory,
	type ReferralPathway,
	type ScreeningFacts,
	type ScreeningReason,
	type ScreeningResult
} from '../db/participants.schema';
import { conflict, invalidInput, notFound } from '../errors';
import { authorize } from '../policy';
import {
	checkVersion,
	loadParticipant,
	participantResource,
	recordChange,
	visibleRecord,
	type MutationResult,
	participantCommand
} from './changes';
import { type Conn } from '../db';
import { KING_COUNTY_RULES, ruleSetSchema, type Exclusion, type RuleSet } from './rule-sets';
import { overrideEligibilityInput } from './schemas';

export interface ScreeningInput {
	pathway: ReferralPathway;
	offenceCategory?: OffenceCategory;
	facts: ScreeningFacts;
}

export interface ScreeningOutcome {
	result: ScreeningResult;
	reasons: ScreeningReason[];
}

/** Why an exclusion applies, or null when it does not. */
function exclusionReason(ex: Exclusion, f: ScreeningFacts): ScreeningReason | null {
	switch (ex.kind) {
		case 'prior_violent_offence_within_years':
			return f.priorViolentOffenceYearsAgo !== undefined && f.priorViolentOffenceYearsAgo < ex.years
				? { code: ex.kind, message: `Prior violent offence within the last ${ex.years} years.` }
				: null;
		case 'exploitation_of_minors':
			return f.exploitationOfMinors ? { code: ex.kind, message: 'Believed to be exploiting minors.' } : null;
		case 'promoting_prostitution':
			return f.promotingProstitution
				? { code: ex.kind, message: 'Believed to be promoting prostitution.' }
				: null;
		case 'drug_quantity_over_grams':
			return f.grams !== undefined && f.grams > ex.grams
				? { code: ex.kind, message: `More than ${ex.grams} grams.` }
				: null;
		case 'delivery_or_intent_to_deliver':
			return f.deliveryOrIntentToDeliver
				? { code: ex.kind, message: 'Delivery or intent to deliver.' }
				: null;
		case 'dealing_above_subsistence':
			return f.dealingAboveSubsistence
				? { code: ex.kind, message: 'Dealing above subsistence level.' }
				: null;
		case 'under_age':
			return f.age !== undefined && f.age < ex.age ? { code: ex.kind, message: `Under ${ex.age}.` } : null;
		case 'under_state_probation':
			return f.underStateProbation
				? { code: ex.kind, message: 'Under state probation supervision at the time of contact.' }
				: null;
	}
}

function criteriaReasons(
	rules: RuleSet,
	input: ScreeningInput
): { failed: ScreeningReason[]; met: ScreeningReason[] } {
	const failed: ScreeningReason[] = [];
	const met: ScreeningReason[] = [];
	if (!rules.pathways.includes(input.pathway)) {
		failed.push({
			code: 'pathway_not_enabled',
			message: `This jurisdiction does not take ${input.pathway} referrals.`
		});
	}
	const category = input.offenceCategory;
	const categoryRequired = rules.offenceCategoryRequiredFor.includes(input.pathway);
	if (rules.eligibleOffenceCategories && (category || categoryRequired)) {
		if (category && rules.eligibleOffenceCategories.includes(category)) {
			met.push({ code: 'eligible_offence', message: `Offence category ${category} is eligible.` });
		} else {
			failed.push({
				code: 'offence_not_eligible',
				message: category
					? `Offence category ${category} is not eligible here.`
					: 'No offence category given.'
			});
		}
	}
	if (rules.requireAnyDriver.length) {
		const drivers = (input.facts.drivers ?? []).filter((d) => rules.requireAnyDriver.includes(d));
		if (drivers.length) met.push({ code: 'driver', message: `Contact driven by ${drivers.join(', ')}.` });
		else
			failed.push({
				code: 'no_driver',
				message: 'Contact not driven by drug use, mental illness or poverty.'
			});
	}
	return { failed, met };
}

/** Applies a rule set to a referral's facts. Pure: the rules are data. */
export function screen(rules: RuleSet, input: ScreeningInput): ScreeningOutcome {
	const { failed, met } = criteriaReasons(rules, input);
	for (const ex of rules.exclusions) {
		if (ex.appliesTo && !ex.appliesTo.includes(input.pathway)) continue;
		const reason = exclusionReason(ex, input.facts);
		if (reason) failed.push(reason);
	}
	if (failed.length) return { result: 'ineligible', reasons: failed };
	return {
		result: 'eligible',
		reasons: met.length ? met : [{ code: 'no_exclusion', message: 'No exclusion applies.' }]
	};
}

export interface ActiveRuleSet {
	rules: RuleSet;
	version: number;
}

/**
 * The jurisdiction's newest rule set. A jurisdiction that has none is screened with King County's
 * rules at version 0, so a fresh installation can take referrals before anyone configures it.
 */
export function activeRuleSet(db: Conn, jurisdictionId: string): ActiveRuleSet {
	const row = db
		.select()
		.from(eligibilityRuleSets)
		.where(eq(eligibilityRuleSets.jurisdictionId, jurisdictionId))
		.orderBy(desc(eligibilityRuleSets.version))
		.get();
	if (!row) return { rules: KING_COUNTY_RULES, version: 0 };
	return { rules: ruleSetSchema.parse(row.rules), version: row.version };
}

/** Stores a new version of a jurisdiction's rule set (validated) and returns its version number. */
export function installRuleSet(db: Conn, jurisdictionId: string, rules: unknown, now = new Date()): number {
	const parsed = ruleSetSchema.safeParse(rules);
	if (!parsed.success) throw invalidInput(parsed.error, 'The eligibility rule set is not valid.');
	return db.transaction((tx) => {
		const current = activeRuleSet(tx, jurisdictionId);
		const version = current.version + 1;
		tx.insert(eligibilityRuleSets)
			.values({
				jurisdictionId,
				key: parsed.data.key,
				name: parsed.data.name,
				version,
				rules: parsed.data,
				createdAt: now
			})
			.run();
		return version;
	});
}

export interface OverrideEligibilityResult extends MutationResult {
	screeningId: string;
	version: number;
}

/** A facilitator marks an ineligible screening eligible, with the reason recorded. */
export const overrideEligibility = participantCommand({
	name: 'eligibility.override',
	kind: 'eligibility.overridden',
	input: overrideEligibilityInput,
	run({ tx, actor, now }, data): OverrideEligibilityResult {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'eligibility.override', participantResource(p));
		const s = tx
			.select()
			.from(eligibilityScreenings)
			.where(
				and(eq(eligibilityScreenings.id, data.screeningId), eq(eligibilityScreenings.participantId, p.id))
			)
			.get();
		if (!s) throw notFound('Eligibility screening');
		checkVersion(s.version, data.expectedVersion, 'This screening', () =>
			visibleRecord('eligibility_screenings', s, actor, p)
		);
		if (s.result === 'eligible') {
			throw conflict(
				'This screening is already eligible.',
				visibleRecord('eligibility_screenings', s, actor, p)
			);
		}
		const version = s.version + 1;
		tx.update(eligibilityScreenings)
			.set({
				result: 'eligible',
				overriddenByUserId: actor.userId,
				overrideReason: data.reason,
				overriddenAt: now,
				version
			})
			.where(eq(eligibilityScreenings.id, s.id))
			.run();
		const seq = recordChange(
			tx,
			actor,
			{
				participantId: p.id,
				kind: 'eligibility.overridden',
				segments: [
					{ c: 'core', t: 'Eligibility overridden: eligible.' },
					{ c: 'legal', t: `Reason: ${data.reason}` }
				],
				refs: { screeningId: s.id }
			},
			now
		);
		return { participantId: p.id, seq, screeningId: s.id, version };
	}
});
