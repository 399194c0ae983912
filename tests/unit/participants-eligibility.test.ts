import { afterEach, describe, expect, it } from 'vitest';
import { screen, installRuleSet, activeRuleSet } from '../../src/lib/server/participants/eligibility';
import {
	ALBANY_RULES,
	KING_COUNTY_RULES,
	SANTA_FE_RULES,
	type RuleSet
} from '../../src/lib/server/participants/rule-sets';
import { participantCardView, participantDetailView } from '../../src/lib/server/participants/views';
import type { ScreeningInput } from '../../src/lib/server/participants/eligibility';
import { buildWorld, referralInput, type World } from '../helpers/factories';
import { createReferral, overrideEligibility } from '../helpers/commands';

type Case = [title: string, input: ScreeningInput, expected: 'eligible' | 'ineligible', reason?: string];

const ad = (
	offenceCategory: ScreeningInput['offenceCategory'],
	facts: ScreeningInput['facts'] = {}
): ScreeningInput => ({
	pathway: 'arrest_diversion',
	offenceCategory,
	facts
});
const sc = (
	facts: ScreeningInput['facts'] = {},
	offenceCategory?: ScreeningInput['offenceCategory']
): ScreeningInput => ({
	pathway: 'social_contact',
	offenceCategory,
	facts
});

const KING_COUNTY: Case[] = [
	['drug possession of a gram', ad('drug_possession', { grams: 1 }), 'eligible', 'eligible_offence'],
	['prostitution', ad('prostitution'), 'eligible', 'eligible_offence'],
	['exactly 3 grams (the limit is "more than 3")', ad('drug_possession', { grams: 3 }), 'eligible'],
	['theft is not an eligible offence', ad('theft'), 'ineligible', 'offence_not_eligible'],
	['more than 3 grams', ad('drug_possession', { grams: 3.5 }), 'ineligible', 'drug_quantity_over_grams'],
	[
		'delivery or intent to deliver',
		ad('drug_sale', { deliveryOrIntentToDeliver: true }),
		'ineligible',
		'delivery_or_intent_to_deliver'
	],
	[
		'exploitation of minors',
		ad('prostitution', { exploitationOfMinors: true }),
		'ineligible',
		'exploitation_of_minors'
	],
	[
		'promoting prostitution',
		ad('prostitution', { promotingProstitution: true }),
		'ineligible',
		'promoting_prostitution'
	],
	[
		'violent offence 5 years ago',
		ad('drug_possession', { priorViolentOffenceYearsAgo: 5 }),
		'ineligible',
		'prior_violent_offence_within_years'
	],
	['violent offence 12 years ago', ad('drug_possession', { priorViolentOffenceYearsAgo: 12 }), 'eligible'],
	['social contact without an offence', sc(), 'eligible', 'no_exclusion'],
	[
		'social contact: the violent-offence exclusion is for arrest diversion',
		sc({ priorViolentOffenceYearsAgo: 2 }),
		'eligible'
	],
	[
		'social contact: exploitation of minors excludes on every pathway',
		sc({ exploitationOfMinors: true }),
		'ineligible',
		'exploitation_of_minors'
	],
	['state probation is no exclusion here', ad('drug_possession', { underStateProbation: true }), 'eligible']
];

const SANTA_FE: Case[] = [
	['5 grams (the limit is 6)', ad('drug_possession', { grams: 5 }), 'eligible'],
	['more than 6 grams', ad('drug_possession', { grams: 7 }), 'ineligible', 'drug_quantity_over_grams'],
	[
		'under state probation supervision',
		ad('drug_possession', { underStateProbation: true }),
		'ineligible',
		'under_state_probation'
	],
	[
		'under state probation, by social contact too',
		sc({ underStateProbation: true }),
		'ineligible',
		'under_state_probation'
	],
	['17 years old', ad('drug_possession', { age: 17 }), 'ineligible', 'under_age'],
	['18 years old', ad('drug_possession', { age: 18 }), 'eligible'],
	[
		'dealing above subsistence',
		ad('drug_sale', { dealingAboveSubsistence: true }),
		'ineligible',
		'dealing_above_subsistence'
	],
	[
		'violent offence 3 years ago',
		ad('prostitution', { priorViolentOffenceYearsAgo: 3 }),
		'ineligible',
		'prior_violent_offence_within_years'
	],
	[
		'exploitation of minors',
		ad('prostitution', { exploitationOfMinors: true }),
		'ineligible',
		'exploitation_of_minors'
	],
	['trespass is not an eligible offence', ad('trespass'), 'ineligible', 'offence_not_eligible']
];

const ALBANY: Case[] = [
	[
		'trespass driven by homelessness (poverty)',
		ad('trespass', { drivers: ['poverty'] }),
		'eligible',
		'driver'
	],
	['shoplifting baby formula (poverty)', ad('theft', { drivers: ['poverty'] }), 'eligible', 'driver'],
	['a mental-health crisis by social contact', sc({ drivers: ['mental_illness'] }), 'eligible', 'driver'],
	[
		'drug use and poverty together',
		ad('drug_possession', { drivers: ['drug_use', 'poverty'] }),
		'eligible',
		'driver'
	],
	[
		'community referral driven by drug use',
		{ pathway: 'community', facts: { drivers: ['drug_use'] } },
		'eligible'
	],
	['theft with no driver', ad('theft'), 'ineligible', 'no_driver'],
	[
		'exploitation of minors',
		ad('public_order', { drivers: ['poverty'], exploitationOfMinors: true }),
		'ineligible',
		'exploitation_of_minors'
	],
	[
		'more than 3 grams is no exclusion here',
		ad('drug_possession', { grams: 10, drivers: ['drug_use'] }),
		'eligible'
	]
];

describe.each<[string, RuleSet, Case[]]>([
	['King County', KING_COUNTY_RULES, KING_COUNTY],
	['Santa Fe', SANTA_FE_RULES, SANTA_FE],
	['Albany', ALBANY_RULES, ALBANY]
])('eligibility screening under %s rules', (_name, rules, cases) => {
	it.each(cases)('%s', (_title, input, expected, reason) => {
		const outcome = screen(rules, input);
		expect(outcome.result).toBe(expected);
		expect(outcome.reasons.length).toBeGreaterThan(0);
		if (reason) expect(outcome.reasons.map((r) => r.code)).toContain(reason);
		if (expected === 'eligible') {
			expect(
				outcome.reasons.every((r) => ['eligible_offence', 'driver', 'no_exclusion'].includes(r.code))
			).toBe(true);
		}
	});
});

describe('eligibility screening stored with every referral', () => {
	let world: World;
	afterEach(() => world?.close());
	const now = new Date('2026-03-02T12:00:00Z');

	it('screens against the jurisdiction rule set from the database, with its version and reasons', () => {
		world = buildWorld({ name: 'Santa Fe' }, SANTA_FE_RULES);
		const r = createReferral(
			world.db,
			world.actors.police_officer,
			referralInput({ facts: { underStateProbation: true } }),
			{ now }
		);
		expect(r.screening.result).toBe('ineligible');
		expect(r.screening.reasons.map((x) => x.code)).toEqual(['under_state_probation']);
		const detail = participantDetailView(world.db, world.actors.facilitator, r.participantId, { now });
		// The rules are named as the program knows them, with their version; never by an internal key.
		expect(detail.referrals[0].screening).toMatchObject({
			result: 'ineligible',
			ruleSet: { name: 'Santa Fe LEAD eligibility', version: 1 }
		});
		expect(JSON.stringify(detail)).not.toContain('santa_fe');
		expect(detail.card.eligibility).toBe('ineligible');
	});

	it('refuses a referral on a pathway the program does not take', () => {
		world = buildWorld();
		expect(() =>
			createReferral(world.db, world.actors.facilitator, referralInput({ pathway: 'community' }), { now })
		).toThrow(expect.objectContaining({ code: 'invalid_input', fields: { pathway: expect.any(String) } }));
	});

	it('screens an ineligible referral out: no clock runs until a facilitator overrides it, which starts the clock', () => {
		world = buildWorld();
		const r = createReferral(world.db, world.actors.police_officer, referralInput({ facts: { grams: 9 } }), {
			now
		});
		expect(r).toMatchObject({ status: 'screened_out', assessmentDueAt: null });
		const later = new Date(now.getTime() + 5 * 86_400_000);
		const card = () =>
			participantCardView(world.db, world.actors.facilitator, r.participantId, { now: later });
		expect(card()).toMatchObject({ status: 'screened_out', assessment: null });
		overrideEligibility(
			world.db,
			world.actors.facilitator,
			{
				participantId: r.participantId,
				screeningId: r.screening.id,
				reason: 'Shared supply.',
				expectedVersion: 1
			},
			{ now: later }
		);
		expect(card()).toMatchObject({ status: 'referred', assessment: { daysLeft: 30 } });
	});

	it('uses the newest installed version of the rules', () => {
		world = buildWorld({}, KING_COUNTY_RULES);
		expect(activeRuleSet(world.db, world.jurisdiction.id).version).toBe(1);
		expect(installRuleSet(world.db, world.jurisdiction.id, ALBANY_RULES)).toBe(2);
		const r = createReferral(
			world.db,
			world.actors.police_officer,
			referralInput({ offenceCategory: 'theft', facts: { drivers: ['poverty'] } }),
			{ now }
		);
		expect(r.screening.result).toBe('eligible');
	});

	it('refuses a malformed rule set', () => {
		world = buildWorld();
		expect(() =>
			installRuleSet(world.db, world.jurisdiction.id, {
				...KING_COUNTY_RULES,
				exclusions: [{ kind: 'astrology' }]
			})
		).toThrow(expect.objectContaining({ code: 'invalid_input' }));
		expect(activeRuleSet(world.db, world.jurisdiction.id).version).toBe(1);
	});

	it('refuses a referral by a pathway the jurisdiction does not take', () => {
		world = buildWorld();
		expect(() =>
			createReferral(
				world.db,
				world.actors.facilitator,
				referralInput({ pathway: 'community', offence: undefined, offenceCategory: undefined }),
				{ now }
			)
		).toThrow(
			expect.objectContaining({
				code: 'invalid_input',
				fields: { pathway: expect.stringContaining('community') }
			})
		);
	});

	it('lets a facilitator override an ineligible result with a recorded reason', () => {
		world = buildWorld();
		const r = createReferral(world.db, world.actors.police_officer, referralInput({ facts: { grams: 5 } }), {
			now
		});
		const input = {
			participantId: r.participantId,
			screeningId: r.screening.id,
			reason: 'Weight included packaging.',
			expectedVersion: 1
		};
		expect(() => overrideEligibility(world.db, world.actors.case_manager_supervisor, input, { now })).toThrow(
			expect.objectContaining({ code: 'forbidden' })
		);
		const result = overrideEligibility(world.db, world.actors.facilitator, input, { now });
		expect(result.version).toBe(2);
		const detail = participantDetailView(world.db, world.actors.facilitator, r.participantId, { now });
		expect(detail.card.eligibility).toBe('overridden');
		expect(detail.referrals[0].screening).toMatchObject({
			result: 'eligible',
			overridden: true,
			overrideReason: 'Weight included packaging.'
		});
		expect(detail.timeline[0].text).toContain('Weight included packaging.');
		expect(() =>
			overrideEligibility(world.db, world.actors.facilitator, { ...input, expectedVersion: 2 }, { now })
		).toThrow(expect.objectContaining({ code: 'conflict' }));
	});
});
