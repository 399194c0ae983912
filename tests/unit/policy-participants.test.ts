import { getTableColumns, getTableName } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import * as tables from '../../src/lib/server/db/participants.schema';
import { ACTIONS, can, type Actor } from '../../src/lib/server/policy';
import {
	FIELD_CATEGORIES,
	INFORMATION_CATEGORIES,
	visibleCategories,
	type InformationCategory,
	type ParticipantResource
} from '../../src/lib/server/policy/participants';
import {
	participantCardView,
	participantDetailView,
	rosterView
} from '../../src/lib/server/participants/views';
import { ROLES, type Role } from '../../src/lib/shared/roles';
import { buildParticipant, buildWorld, type World } from '../helpers/factories';
import { addContact, addLegalMatter, addPlanGoal, postUpdate } from '../helpers/commands';

const J = 'kc';
const actor = (role: Role, userId = `u-${role}`): Actor => ({
	userId,
	name: role,
	role,
	agencyId: 'a',
	agencyKind: 'program',
	jurisdictionId: J
});
const participant: ParticipantResource = {
	jurisdictionId: J,
	caseManagerUserId: 'u-case_manager',
	defenderUserId: 'u-defender'
};
const someoneElses: ParticipantResource = {
	jurisdictionId: J,
	caseManagerUserId: 'u-other-cm',
	defenderUserId: 'u-other-defender'
};

type Row = [action: string, allowed: Role[], forOthers?: Role[]];
const WORKGROUP: Role[] = [
	'police_officer',
	'police_sergeant',
	'prosecutor',
	'defender',
	'case_manager',
	'case_manager_supervisor',
	'facilitator'
];
const CJ: Role[] = ['police_officer', 'police_sergeant', 'prosecutor'];

/** role × action: who may, on their own participant (assigned case manager / representing defender) and on someone else's. */
const MATRIX: Row[] = [
	['participant.view', WORKGROUP, WORKGROUP],
	['participant.viewIdentity', WORKGROUP, [...CJ, 'case_manager', 'case_manager_supervisor', 'facilitator']],
	['contact.create.police', ['police_officer', 'police_sergeant'], ['police_officer', 'police_sergeant']],
	['contact.create.caseManagement', ['case_manager', 'case_manager_supervisor'], ['case_manager_supervisor']],
	['plan.manage', ['case_manager', 'case_manager_supervisor'], ['case_manager_supervisor']],
	['legal.view', WORKGROUP, [...CJ, 'case_manager', 'case_manager_supervisor', 'facilitator']],
	['legal.manage', ['prosecutor', 'defender'], ['prosecutor']],
	['legal.chargingDecision', ['prosecutor'], ['prosecutor']],
	['status.change', ['case_manager', 'case_manager_supervisor'], ['case_manager_supervisor']],
	['update.post', WORKGROUP, [...CJ, 'case_manager_supervisor', 'facilitator']],
	['roster.manage', ['case_manager_supervisor', 'facilitator'], ['case_manager_supervisor', 'facilitator']],
	['eligibility.override', ['facilitator'], ['facilitator']],
	['deadline.recordOutcome', ['prosecutor'], ['prosecutor']]
];

describe('policy: participant actions per role', () => {
	it.each(MATRIX)('%s', (action, allowed, forOthers = allowed) => {
		const who = (p: ParticipantResource) =>
			ROLES.filter((r) => can(actor(r), action as 'participant.view', p));
		expect(who(participant)).toEqual(ROLES.filter((r) => allowed.includes(r)));
		expect(who(someoneElses)).toEqual(ROLES.filter((r) => forOthers.includes(r)));
	});

	it('lets police refer by arrest diversion and social contact, and only the facilitator by community referral', () => {
		const who = (pathway: 'arrest_diversion' | 'social_contact' | 'community') =>
			ROLES.filter((r) => can(actor(r), 'referral.create', { jurisdictionId: J, pathway }));
		expect(who('arrest_diversion')).toEqual(['police_officer', 'police_sergeant']);
		expect(who('social_contact')).toEqual(['police_officer', 'police_sergeant']);
		expect(who('community')).toEqual(['facilitator']);
	});

	it('shows no individual participant to PCG members, evaluators or administrators', () => {
		for (const role of ['pcg_member', 'evaluator', 'admin'] as const) {
			expect(can(actor(role), 'roster.view', { jurisdictionId: J })).toBe(false);
			expect(can(actor(role), 'participant.view', participant)).toBe(false);
			expect(visibleCategories(actor(role), participant).size).toBe(0);
		}
	});

	it('never answers yes across jurisdictions', () => {
		const other = { ...participant, jurisdictionId: 'santa-fe' };
		for (const role of ROLES) {
			for (const action of ACTIONS.filter(
				(a) => a.startsWith('participant.') || a.startsWith('plan.') || a.startsWith('legal.')
			)) {
				expect(can(actor(role), action as 'participant.view', other)).toBe(false);
			}
			expect(visibleCategories(actor(role), other).size).toBe(0);
		}
	});

	it.each<[Role, InformationCategory[], InformationCategory[]]>([
		[
			'case_manager',
			[...INFORMATION_CATEGORIES],
			['identity', 'demographics', 'contact_log', 'legal', 'plan_summary', 'plan']
		],
		['case_manager_supervisor', [...INFORMATION_CATEGORIES], [...INFORMATION_CATEGORIES]],
		[
			'police_officer',
			['identity', 'contact_log', 'legal', 'plan_summary'],
			['identity', 'contact_log', 'legal', 'plan_summary']
		],
		[
			'prosecutor',
			['identity', 'contact_log', 'legal', 'plan_summary'],
			['identity', 'contact_log', 'legal', 'plan_summary']
		],
		['defender', ['identity', 'contact_log', 'legal', 'plan_summary'], []],
		[
			'facilitator',
			['identity', 'demographics', 'contact_log', 'legal', 'plan_summary', 'plan'],
			['identity', 'demographics', 'contact_log', 'legal', 'plan_summary', 'plan']
		]
	])('%s sees these categories (own participant, then someone else’s)', (role, own, others) => {
		expect([...visibleCategories(actor(role), participant)].sort()).toEqual([...own].sort());
		expect([...visibleCategories(actor(role), someoneElses)].sort()).toEqual([...others].sort());
	});

	it('gives clinical detail only to case management when the only consent names another agency', () => {
		const consent = [
			{
				participantId: 'p',
				recipientAgencyKind: 'police' as const,
				categories: ['clinical' as const],
				startsAt: new Date(0),
				expiresAt: null,
				revokedAt: null
			}
		];
		const clinical = ROLES.filter((r) => visibleCategories(actor(r), participant, consent).has('clinical'));
		expect(clinical).toEqual(['case_manager', 'case_manager_supervisor']);
	});
});

describe('every participant field has an information category', () => {
	const participantTables = Object.values(tables).filter(
		(t): t is typeof tables.participants =>
			typeof t === 'object' && t !== null && Symbol.for('drizzle:IsDrizzleTable') in t
	);
	const systemTables = ['eligibility_rule_sets', 'eligibility_rule_drafts', 'change_log', 'idempotency_keys'];

	it('finds the participant tables', () => {
		expect(participantTables.map(getTableName)).toEqual(
			expect.arrayContaining([
				'participants',
				'referrals',
				'plan_goals',
				'legal_matters',
				'contacts',
				'participant_updates',
				'participant_events'
			])
		);
	});

	it.each([
		'participants',
		'referrals',
		'eligibility_screenings',
		'status_changes',
		'plan_goals',
		'legal_matters',
		'contacts',
		'participant_updates',
		'participant_events'
	])('%s: every column is categorised', (name) => {
		const table = participantTables.find((t) => getTableName(t) === name);
		expect(table, name).toBeDefined();
		const uncategorised = Object.keys(getTableColumns(table!)).filter(
			(key) => FIELD_CATEGORIES[name]?.[key] === undefined
		);
		expect(uncategorised).toEqual([]);
	});

	it('covers every table that holds participant data (only system tables are exempt)', () => {
		const uncovered = participantTables
			.map(getTableName)
			.filter((n) => !(n in FIELD_CATEGORIES) && !systemTables.includes(n));
		expect(uncovered).toEqual([]);
	});
});

describe('redaction in views', () => {
	let world: World;
	afterEach(() => world?.close());
	const now = new Date('2026-03-05T12:00:00Z');
	const SECRET_GOAL = 'Start buprenorphine at the Quillfeather clinic';
	const SECRET_NOTE = 'Talked about the relapse after the eviction';

	function clinicalScene() {
		world = buildWorld();
		const p = buildParticipant(world);
		const id = p.participantId;
		addPlanGoal(
			world.db,
			world.actors.case_manager,
			{ participantId: id, domain: 'substance_use_treatment', description: SECRET_GOAL },
			{ now }
		);
		addPlanGoal(
			world.db,
			world.actors.case_manager,
			{ participantId: id, domain: 'housing', description: 'Apply for the Birchwood studio' },
			{ now }
		);
		postUpdate(world.db, world.actors.case_manager, { participantId: id, body: SECRET_NOTE }, { now });
		addContact(
			world.db,
			world.actors.case_manager,
			{ participantId: id, kind: 'case_management', occurredAt: '2026-03-04T19:00:00Z', note: SECRET_NOTE },
			{ now }
		);
		addLegalMatter(
			world.db,
			world.actors.prosecutor,
			{
				participantId: id,
				caseNumber: '26-1-7777',
				court: 'Municipal',
				charge: 'Theft 3',
				nextCourtDate: '2026-03-12T17:00:00Z'
			},
			{ now }
		);
		return id;
	}
	const everything = (id: string, a: Actor) =>
		JSON.stringify([
			participantCardView(world.db, a, id, { now }),
			participantDetailView(world.db, a, id, { now }),
			rosterView(world.db, a, {}, { now })
		]);

	it('sends police no clinical goal text anywhere in the JSON, and the case manager all of it', () => {
		const id = clinicalScene();
		const police = everything(id, world.actors.police_officer);
		expect(police).not.toContain(SECRET_GOAL);
		expect(police).not.toContain('buprenorphine');
		expect(police).not.toContain('substance_use_treatment');
		expect(police).not.toContain(SECRET_NOTE);
		expect(police).not.toContain('Birchwood'); // plan detail: police see progress only
		const cm = everything(id, world.actors.case_manager);
		expect(cm).toContain(SECRET_GOAL);
		expect(cm).toContain(SECRET_NOTE);
		expect(cm).toContain('Birchwood');
	});

	it.each<[string, (w: World) => Actor, boolean]>([
		['prosecutor', (w) => w.actors.prosecutor, false],
		['defender', (w) => w.actors.defender, false],
		['facilitator', (w) => w.actors.facilitator, false],
		['another case manager', (w) => w.otherCaseManager, false],
		['supervisor', (w) => w.actors.case_manager_supervisor, true]
	])('clinical goal text reaches the %s: %s', (_who, pick, sees) => {
		const id = clinicalScene();
		expect(everything(id, pick(world)).includes(SECRET_GOAL)).toBe(sees);
	});

	it('leaves withheld fields absent (not null) and lists the withheld categories', () => {
		const id = clinicalScene();
		const detail = participantDetailView(world.db, world.actors.police_officer, id, { now });
		expect(detail).not.toHaveProperty('demographics');
		expect(detail.plan?.flatMap((d) => d.goals)).toHaveLength(1);
		expect(detail.plan?.[0]).toMatchObject({ domain: 'housing' });
		expect(detail.plan?.[0].goals[0]).not.toHaveProperty('description');
		expect(detail.updates[0]).not.toHaveProperty('body');
		expect(detail.contacts?.[0]).not.toHaveProperty('note');
		expect(detail.card.redacted).toEqual(['demographics', 'plan', 'clinical', 'case_notes']);
		expect(detail.card.nextCourtDate).toBe('2026-03-12T17:00:00.000Z');
		expect(detail.card.flags).toContain('court_within_14_days');
	});

	it('shows a defender the legal matters of their clients only, and no name of anyone else', () => {
		const id = clinicalScene();
		const own = participantDetailView(world.db, world.actors.defender, id, { now });
		expect(own.legalMatters?.[0]).toMatchObject({ caseNumber: '26-1-7777' });
		expect(own.identity?.legalName).toBe('Testy McFixture');
		const other = participantDetailView(world.db, world.otherDefender, id, { now });
		expect(other).not.toHaveProperty('legalMatters');
		expect(other).not.toHaveProperty('identity');
		expect(other.card).not.toHaveProperty('name');
		expect(other.card).not.toHaveProperty('nextCourtDate');
		expect(other.card.flags).toContain('court_within_14_days');
		expect(JSON.stringify(other)).not.toContain('26-1-7777');
		expect(JSON.stringify(other)).not.toContain('Testy');
		expect(other.card).toMatchObject({ code: 'KC-0101', status: 'referred', assessment: { overdue: false } });
	});

	it('lists only the actions each role may take on the participant page', () => {
		const id = clinicalScene();
		const actions = (a: Actor) => participantDetailView(world.db, a, id, { now }).allowedActions;
		expect(actions(world.actors.police_officer)).toEqual([
			'participant.view',
			'participant.viewIdentity',
			'contact.create.police',
			'legal.view',
			'update.post'
		]);
		expect(actions(world.actors.prosecutor)).toEqual(
			expect.arrayContaining(['legal.chargingDecision', 'deadline.recordOutcome'])
		);
		expect(actions(world.actors.case_manager)).toEqual(
			expect.arrayContaining(['plan.manage', 'status.change', 'contact.create.caseManagement'])
		);
		expect(actions(world.otherCaseManager)).not.toContain('plan.manage');
		expect(actions(world.actors.facilitator)).toEqual(
			expect.arrayContaining(['roster.manage', 'eligibility.override'])
		);
	});

	it('refuses card, page and roster to PCG members, evaluators and administrators', () => {
		const id = clinicalScene();
		for (const role of ['pcg_member', 'evaluator', 'admin'] as const) {
			const a = world.actors[role];
			expect(() => participantCardView(world.db, a, id)).toThrow(
				expect.objectContaining({ code: 'forbidden' })
			);
			expect(() => participantDetailView(world.db, a, id)).toThrow(
				expect.objectContaining({ code: 'forbidden' })
			);
			expect(() => rosterView(world.db, a, {})).toThrow(expect.objectContaining({ code: 'forbidden' }));
		}
	});
});
