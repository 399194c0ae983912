/**
 * Eligibility screening: applies a jurisdiction's rule set (data) to a referral's facts, stores
 * the result with its reasons, and lets a facilitator override an ineligible result with a
 * recorded reason.
 */
import { and, eq, sql } from 'drizzle-orm';
import {
	eligibilityRuleSets,
	eligibilityScreenings,
	referrals,
	statusChanges,
	type OffenceCategory,
	type Participant,
	type ReferralPathway,
	type ScreeningFacts,
	type ScreeningReason,
	type ScreeningResult
} from '../db/participants.schema';
import { conflict, invalidInput, notFound } from '../errors';
import { authorize, type Actor } from '../policy';
import { assessmentDueAt } from './deadline';
import {
	checkVersion,
	loadJurisdiction,
	loadParticipant,
	participantResource,
	recordChange,
	touchParticipant,
	visibleRecord,
	type MutationResult,
	participantCommand
} from './changes';
import { type Conn } from '../db';
import { prepared } from '../db/prepared';
import { BLANK_RULES, ruleSetSchema, type Exclusion, type RuleSet } from './rule-sets';
import {
	CONTACT_DRIVER_LABELS,
	OFFENCE_CATEGORY_LABELS,
	SUBSTANCE_LABELS
} from '../../shared/participant-labels';
import type { ContactDriver, Substance } from '../../shared/participant-values';
import { overrideEligibilityInput } from './schemas';
import { inWrite } from '../db/write';

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
		case 'drug_quantity_over_grams': {
			const limit = quantityLimit(ex, f.substance);
			return limit !== null && f.grams !== undefined && f.grams > limit
				? {
						code: ex.kind,
						message: `More than ${limit} grams${f.substance ? ` of ${SUBSTANCE_LABELS[f.substance].toLowerCase()}` : ''}.`
					}
				: null;
		}
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

/** The quantity limit for a substance: its own (null for none), or the rule's general one. */
function quantityLimit(
	ex: Extract<Exclusion, { kind: 'drug_quantity_over_grams' }>,
	substance: Substance | undefined
): number | null {
	const own = substance ? ex.bySubstance?.[substance] : undefined;
	return own === undefined ? ex.grams : own;
}

function criteriaReasons(
	rules: RuleSet,
	input: ScreeningInput
): { failed: ScreeningReason[]; met: ScreeningReason[] } {
	const failed: ScreeningReason[] = [];
	const met: ScreeningReason[] = [];
	const category = input.offenceCategory;
	const categoryRequired = rules.offenceCategoryRequiredFor.includes(input.pathway);
	if (rules.eligibleOffenceCategories && (category || categoryRequired)) {
		if (category && rules.eligibleOffenceCategories.includes(category)) {
			met.push({
				code: 'eligible_offence',
				message: `${OFFENCE_CATEGORY_LABELS[category]} is an eligible offence.`
			});
		} else {
			failed.push({
				code: 'offence_not_eligible',
				message: category
					? `${OFFENCE_CATEGORY_LABELS[category]} is not an eligible offence here.`
					: 'No offence category given.'
			});
		}
	}
	if (rules.requireAnyDriver.length) {
		const drivers = (input.facts.drivers ?? []).filter((d) => rules.requireAnyDriver.includes(d));
		const words = (list: readonly ContactDriver[]) =>
			list.map((d) => CONTACT_DRIVER_LABELS[d].toLowerCase()).join(', ');
		if (drivers.length) met.push({ code: 'driver', message: `Contact driven by ${words(drivers)}.` });
		else
			failed.push({
				code: 'no_driver',
				message: `The referral does not say the contact was driven by ${words(rules.requireAnyDriver)}; a facilitator may judge it and override.`
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
 * The jurisdiction's newest published rule set. A jurisdiction that has published none yet has no
 * criteria (version 0): every referral is eligible until the program writes its rules, and the
 * setup page says the rules are missing. It is never screened with another program's rules.
 */
/** The newest version of a jurisdiction's rule set: every referral is screened against it. */
const newestRuleSet = prepared((db) =>
	db
		.select({ rules: eligibilityRuleSets.rules, version: eligibilityRuleSets.version })
		.from(eligibilityRuleSets)
		.where(
			and(
				eq(eligibilityRuleSets.jurisdictionId, sql.placeholder('jurisdictionId')),
				sql`${eligibilityRuleSets.version} = (select max(${eligibilityRuleSets.version}) from ${eligibilityRuleSets} where ${eligibilityRuleSets.jurisdictionId} = ${sql.placeholder('jurisdictionId')})`
			)
		)
		.prepare()
);

export function activeRuleSet(db: Conn, jurisdictionId: string): ActiveRuleSet {
	const row = newestRuleSet(db).get({ jurisdictionId });
	if (!row) return { rules: BLANK_RULES, version: 0 };
	return { rules: ruleSetSchema.parse(row.rules), version: row.version };
}

/** Who published a version, and why, for its history line. */
export interface Publication {
	publishedByUserId?: string | null;
	approvedAtMeetingId?: string | null;
	note?: string | null;
}

/**
 * Stores the next version of a jurisdiction's rule set (validated) and returns its number. The
 * caller runs it in its own transaction (a command) or, at set-up, on its own.
 */
export function installRuleSet(
	db: Conn,
	jurisdictionId: string,
	rules: unknown,
	now = new Date(),
	publication: Publication = {}
): number {
	const parsed = ruleSetSchema.safeParse(rules);
	if (!parsed.success) throw invalidInput(parsed.error, 'The eligibility rule set is not valid.');
	return inWrite(db, () => {
		const version = activeRuleSet(db, jurisdictionId).version + 1;
		db.insert(eligibilityRuleSets)
			.values({
				jurisdictionId,
				key: parsed.data.key,
				name: parsed.data.name,
				version,
				rules: parsed.data,
				publishedByUserId: publication.publishedByUserId ?? null,
				approvedAtMeetingId: publication.approvedAtMeetingId ?? null,
				note: publication.note ?? null,
				createdAt: now
			})
			.run();
		return version;
	});
}

/**
 * A screened-out referral the facilitator lets go ahead: the participant is referred, and an
 * arrest diversion's assessment clock starts now (it never ran while the referral was screened out).
 */
function proceed(tx: Conn, actor: Actor, p: Participant, referralId: string, now: Date): void {
	const referral = tx.select().from(referrals).where(eq(referrals.id, referralId)).get();
	const { timezone, assessmentWindowDays } = loadJurisdiction(tx, p.jurisdictionId);
	if (referral?.pathway === 'arrest_diversion' && assessmentWindowDays > 0) {
		tx.update(referrals)
			.set({ assessmentDueAt: assessmentDueAt(now, timezone, assessmentWindowDays) })
			.where(eq(referrals.id, referralId))
			.run();
	}
	touchParticipant(tx, p, now, { status: 'referred', statusChangedAt: now });
	tx.insert(statusChanges)
		.values({
			participantId: p.id,
			fromStatus: 'screened_out',
			toStatus: 'referred',
			reason: 'Screening overridden by the facilitator.',
			changedByUserId: actor.userId,
			createdAt: now
		})
		.run();
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
		if (p.status === 'screened_out') proceed(tx, actor, p, s.referralId, now);
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
