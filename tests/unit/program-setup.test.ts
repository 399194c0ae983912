/**
 * Standing up and running a program: a jurisdiction made from a template, its settings validated
 * and used, its agencies, and its eligibility rules edited, tried, versioned, published or
 * approved by the Policy Coordinating Group.
 */
import { EventEmitter } from 'node:events';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { execute } from '../../src/lib/server/commands/execute';
import type { BoardEventMap } from '../../src/lib/server/commands/events';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { eligibilityScreenings } from '../../src/lib/server/db/participants.schema';
import { openDatabase } from '../../src/lib/server/db';
import { activeRuleSet, screen } from '../../src/lib/server/participants/eligibility';
import { participantCardView } from '../../src/lib/server/participants/views';
import { createJurisdiction } from '../../src/lib/server/program/create';
import { programOf } from '../../src/lib/server/program/settings';
import { draftOf, ruleHistory, tryRules } from '../../src/lib/server/program/rules';
import { agenciesOf } from '../../src/lib/server/program/agencies';
import { DEFAULT_PROGRAM_SETTINGS } from '../../src/lib/shared/program-settings';
import { buildParticipant, buildWorld, referralInput, type World } from '../helpers/factories';
import { createMeeting, createReferral, startMeeting } from '../helpers/commands';

let world: World;
afterEach(() => world?.close());

const now = new Date('2026-03-02T12:00:00.000Z');
const deps = () => ({ db: world.db, events: new EventEmitter<BoardEventMap>() });

/** The program settings form as an administrator sends it, with `changes` over the defaults. */
function settingsForm(changes: Record<string, unknown> = {}) {
	return {
		name: 'King County',
		timezone: 'America/Los_Angeles',
		assessmentWindowDays: 30,
		...DEFAULT_PROGRAM_SETTINGS,
		...changes
	};
}

/** The rule editor as the form sends it: King County's rules, with changes. */
function ruleForm(expectedVersion: number, changes: Record<string, unknown> = {}) {
	return {
		expectedVersion,
		key: 'king_county',
		name: 'King County (Seattle) LEAD eligibility',
		scope: 'listed',
		eligibleOffenceCategories: ['drug_possession', 'drug_sale', 'prostitution'],
		offenceCategoryRequiredFor: ['arrest_diversion'],
		requireAnyDriver: [],
		x: {
			drug_quantity_over_grams: { on: true, grams: 3, appliesTo: ['arrest_diversion'] },
			prior_violent_offence_within_years: { on: true, years: 10, appliesTo: ['arrest_diversion'] }
		},
		...changes
	};
}

describe('a jurisdiction from the command line', () => {
	it.each([
		['king-county', 2, 'ineligible'],
		['santa-fe', 2, 'eligible'],
		['albany', 3, 'eligible'],
		['blank', 2, 'eligible']
	] as const)(
		'starts %s with its template rules as version 1 and its pathways',
		(template, pathways, fiveGrams) => {
			const database = openDatabase(':memory:');
			try {
				const created = createJurisdiction(
					database.db,
					{ name: `Program ${template}`, timezone: 'America/Denver', rules: template, assessmentDays: 14 },
					now
				);
				const program = programOf(database.db, created.jurisdictionId);
				expect(program).toMatchObject({ timezone: 'America/Denver', assessmentWindowDays: 14 });
				expect(program.settings.pathways).toHaveLength(pathways);
				const { rules, version } = activeRuleSet(database.db, created.jurisdictionId);
				expect(version).toBe(1);
				// Albany asks about the contact's drivers; the others look at the offence and the grams.
				const sample = {
					pathway: 'arrest_diversion' as const,
					offenceCategory: 'drug_possession' as const,
					facts: { grams: 5, drivers: ['drug_use' as const] }
				};
				expect(screen(rules, sample).result).toBe(fiveGrams);
				const [audit] = database.db.select().from(auditEvents).all();
				expect(audit).toMatchObject({ action: 'jurisdiction.created', actorUserId: null });
			} finally {
				database.close();
			}
		}
	);

	it('refuses a second jurisdiction of the same name, an unknown time zone and unknown rules', () => {
		const database = openDatabase(':memory:');
		try {
			createJurisdiction(database.db, { name: 'Santa Fe', timezone: 'America/Denver', rules: 'santa-fe' });
			expect(() =>
				createJurisdiction(database.db, { name: 'Santa Fe', timezone: 'America/Denver', rules: 'santa-fe' })
			).toThrow(expect.objectContaining({ code: 'conflict' }));
			expect(() =>
				createJurisdiction(database.db, { name: 'Elsewhere', timezone: 'Mars/Base', rules: 'nope' })
			).toThrow(
				expect.objectContaining({
					code: 'invalid_input',
					fields: expect.objectContaining({ timezone: expect.any(String), rules: expect.any(String) })
				})
			);
		} finally {
			database.close();
		}
	});
});

describe('program settings', () => {
	it.each([
		['a cap below the target', { caseloadTarget: 20, caseloadCap: 15 }, 'caseloadCap'],
		['no pathway', { pathways: [] }, 'pathways'],
		['a negative window', { assessmentWindowDays: -1 }, 'assessmentWindowDays'],
		['an unknown time zone', { timezone: 'Nowhere/Here' }, 'timezone'],
		[
			'a gender category twice',
			{
				genders: [
					{ value: 'man', label: 'Man' },
					{ value: 'man', label: 'Male' }
				]
			},
			'genders'
		],
		[
			'a share over 100%',
			{ populationShares: { raceEthnicity: { white: 140 }, gender: {} } },
			'populationShares.raceEthnicity.white'
		],
		['a threshold of 0', { smallNumberThreshold: 0 }, 'smallNumberThreshold']
	])('refuses %s with a message on the field, changing nothing', async (_label, changes, field) => {
		world = buildWorld();
		const before = programOf(world.db, world.jurisdiction.id);
		const error = await execute(deps(), world.actors.admin, 'program.settings', settingsForm(changes)).catch(
			(e: unknown) => e
		);
		expect(error).toMatchObject({ code: 'invalid_input' });
		expect(Object.keys((error as { fields: object }).fields)).toContain(field);
		expect(programOf(world.db, world.jurisdiction.id)).toEqual(before);
	});

	it('records a share box left empty as no share, not as 0%', async () => {
		world = buildWorld();
		await execute(
			deps(),
			world.actors.admin,
			'program.settings',
			settingsForm({ populationShares: { raceEthnicity: { white: '61.5', black: '' }, gender: {} } })
		);
		expect(programOf(world.db, world.jurisdiction.id).settings.populationShares.raceEthnicity).toEqual({
			white: 61.5
		});
	});

	it('is changed by the administrator only, audited, and used by the next card', async () => {
		world = buildWorld();
		const p = buildParticipant(world, { now });
		await expect(
			execute(deps(), world.actors.facilitator, 'program.settings', settingsForm())
		).rejects.toMatchObject({ code: 'forbidden' });
		const flagsAt = (daysAhead: number) =>
			participantCardView(world.db, world.actors.facilitator, p.participantId, {
				now: new Date(now.getTime() + daysAhead * 86_400_000)
			}).flags;
		// 30-day window from 1 March; 10 days left on 20 March is not "due soon" under a 7-day warning.
		expect(flagsAt(18)).not.toContain('assessment_due_soon');
		await execute(
			deps(),
			world.actors.admin,
			'program.settings',
			settingsForm({ assessmentWarningDays: 14 })
		);
		expect(flagsAt(18)).toContain('assessment_due_soon');
		const entries = world.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'program.settings_changed'))
			.all();
		expect(entries.map((e) => [e.actorUserId, e.outcome])).toEqual([
			[world.actors.facilitator.userId, 'denied'],
			[world.actors.admin.userId, 'success']
		]);
	});

	it('starts the clock of new referrals only when the window changes', async () => {
		world = buildWorld();
		const before = createReferral(world.db, world.actors.police_officer, referralInput(), { now });
		await execute(deps(), world.actors.admin, 'program.settings', settingsForm({ assessmentWindowDays: 14 }));
		const after = createReferral(
			world.db,
			world.actors.police_officer,
			referralInput({ person: { legalName: 'Second Person' } }),
			{ now }
		);
		// Both referrals happened on the same day: the new window is 16 days shorter.
		const due = (iso: string | null) => Date.parse(iso!);
		expect((due(before.assessmentDueAt) - due(after.assessmentDueAt)) / 86_400_000).toBe(16);
		// The clock already running keeps its deadline.
		const again = participantCardView(world.db, world.actors.facilitator, before.participantId, { now });
		expect(again.assessment?.dueAt).toBe(before.assessmentDueAt);
	});
});

describe('agencies', () => {
	it('adds an agency with its kind, label and colour, and refuses a colour too light to read', async () => {
		world = buildWorld();
		const added = await execute(deps(), world.actors.admin, 'agency.add', {
			name: 'Santa Fe Police Department',
			shortName: 'SFPD',
			kind: 'police',
			colour: '#1D4F91'
		});
		expect(agenciesOf(world.db, world.jurisdiction.id).find((a) => a.id === added.id)).toMatchObject({
			shortName: 'SFPD',
			colour: '#1d4f91'
		});
		await expect(
			execute(deps(), world.actors.admin, 'agency.add', {
				name: 'Pale',
				shortName: 'P',
				kind: 'program',
				colour: '#ffee88'
			})
		).rejects.toMatchObject({ code: 'invalid_input', fields: { colour: expect.stringMatching(/darker/) } });
		await expect(
			execute(deps(), world.actors.admin, 'agency.add', {
				name: 'Santa Fe Police Department',
				shortName: 'X',
				kind: 'police'
			})
		).rejects.toMatchObject({ code: 'conflict' });
	});
});

describe('eligibility rules as data', () => {
	it('saves a draft, tries a sample against it, publishes it as version 2, and screens new referrals with it', async () => {
		world = buildWorld();
		const f = world.actors.facilitator;
		const old = createReferral(
			world.db,
			world.actors.police_officer,
			referralInput({ facts: { grams: 5 } }),
			{ now }
		);
		expect(old.screening.result).toBe('ineligible');
		const saved = await execute(
			deps(),
			f,
			'rules.save',
			ruleForm(0, {
				x: {
					drug_quantity_over_grams: { on: true, grams: 6, bySubstance: { prescription_opioid_pills: 'none' } }
				}
			})
		);
		expect(saved.version).toBe(1);
		const tried = tryRules(world.db, f, {
			pathway: 'arrest_diversion',
			offenceCategory: 'drug_possession',
			facts: { grams: 5 }
		});
		expect(tried).toMatchObject({ result: 'eligible', against: 'the draft' });
		const pills = tryRules(world.db, f, {
			pathway: 'arrest_diversion',
			offenceCategory: 'drug_possession',
			facts: { grams: 40, substance: 'prescription_opioid_pills' }
		});
		expect(pills.result).toBe('eligible');
		expect(activeRuleSet(world.db, world.jurisdiction.id).version).toBe(1);
		const published = await execute(deps(), f, 'rules.publish', {
			expectedVersion: 1,
			note: 'Six grams, as Santa Fe.'
		});
		expect(published.version).toBe(2);
		expect(draftOf(world.db, world.jurisdiction.id)).toBeNull();
		const fresh = createReferral(
			world.db,
			world.actors.police_officer,
			referralInput({ person: { legalName: 'New Person' }, facts: { grams: 5 } }),
			{ now }
		);
		expect(fresh.screening.result).toBe('eligible');
		// Each screening keeps the version it used.
		const versions = world.db
			.select({ v: eligibilityScreenings.ruleSetVersion })
			.from(eligibilityScreenings)
			.all();
		expect(versions.map((r) => r.v).sort()).toEqual([1, 2]);
		expect(ruleHistory(world.db, world.jurisdiction.id)[0]).toMatchObject({
			version: 2,
			publishedBy: f.name,
			note: 'Six grams, as Santa Fe.',
			approvedAt: null
		});
	});

	it('names the form field a rule is refused on, and refuses a stale draft', async () => {
		world = buildWorld();
		const f = world.actors.facilitator;
		const error = await execute(
			deps(),
			f,
			'rules.save',
			ruleForm(0, {
				x: { under_age: { on: true }, prior_violent_offence_within_years: { on: true, years: 0 } }
			})
		).catch((e: unknown) => e);
		expect(error).toMatchObject({ code: 'invalid_input' });
		expect(Object.keys((error as { fields: object }).fields).sort()).toEqual([
			'x.prior_violent_offence_within_years.years',
			'x.under_age.age'
		]);
		await execute(deps(), f, 'rules.save', ruleForm(0));
		await expect(execute(deps(), world.actors.admin, 'rules.save', ruleForm(0))).rejects.toMatchObject({
			code: 'conflict'
		});
		await expect(
			execute(deps(), world.actors.police_sergeant, 'rules.save', ruleForm(1))
		).rejects.toMatchObject({
			code: 'forbidden'
		});
	});

	it('takes effect when the Policy Coordinating Group approves it at its meeting', async () => {
		world = buildWorld();
		const f = world.actors.facilitator;
		const pcg = createMeeting(world.db, f, {
			kind: 'policy_group',
			startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
			invitedAgencyIds: [world.agencyIds.policy_group, world.agencyIds.program]
		}).data;
		await execute(deps(), f, 'rules.save', ruleForm(0, { name: 'King County rules, 2027' }));
		const proposed = await execute(deps(), f, 'rules.propose', { expectedVersion: 1 });
		expect(proposed.meetingId).toBe(pcg.meetingId);
		expect(draftOf(world.db, world.jurisdiction.id)?.proposal).toMatchObject({ meetingId: pcg.meetingId });
		// Not approved until the meeting records it: the rules in force are still version 1.
		expect(activeRuleSet(world.db, world.jurisdiction.id).version).toBe(1);
		await expect(execute(deps(), f, 'rules.approve', { expectedVersion: 2 })).rejects.toMatchObject({
			code: 'forbidden'
		});
		startMeeting(world.db, f, { meetingId: pcg.meetingId, expectedVersion: 2 });
		const approved = await execute(deps(), world.actors.pcg_member, 'rules.approve', { expectedVersion: 2 });
		expect(approved.version).toBe(2);
		expect(activeRuleSet(world.db, world.jurisdiction.id).rules.name).toBe('King County rules, 2027');
		expect(ruleHistory(world.db, world.jurisdiction.id)[0]).toMatchObject({
			version: 2,
			approvedAt: { meetingId: pcg.meetingId }
		});
	});
});
