/**
 * Every role × every action, from the one table in tests/helpers/permission-matrix.ts: first the
 * policy module's answer, then the same cells through the domain functions that form actions and
 * the socket handler reach through `execute` (the command kernel's `perform`, on a transaction
 * that is rolled back after each cell). The socket.io and Yjs channels are exercised
 * against a running server in tests/integration/permission-matrix.test.ts.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { perform, type AnyCommand } from '../../src/lib/server/commands/command';
import { COMMANDS } from '../../src/lib/server/commands/registry';
import { isDomainError } from '../../src/lib/server/errors';
import { ACTIONS, can, type Action, type ActionResources, type Actor } from '../../src/lib/server/policy';
import type { BoardOperation } from '../../src/lib/shared/board-events';
import { BOARD_OPERATIONS } from '../../src/lib/shared/board-events';
import { buildParticipant, buildWorld, setProgramSettings, type World } from '../helpers/factories';
import {
	ACTOR_KEYS,
	MATRIX,
	expectedAllowed,
	rowFor,
	type ActorKey,
	type MatrixRow,
	type Scenario
} from '../helpers/permission-matrix';
import { addLegalMatter, addPlanGoal, recordConsent } from '../helpers/commands';

let world: World;
afterAll(() => world?.close());

function actorOf(key: ActorKey): Actor {
	if (key === 'case_manager:other') return world.otherCaseManager;
	if (key === 'defender:other') return world.otherDefender;
	return world.actors[key];
}

function resourceFor(scenario: Scenario): ActionResources[Action] {
	const j = world.jurisdiction.id;
	const a = world.agencyIds;
	const meeting = (
		kind: 'operational_workgroup' | 'policy_group',
		status: 'published' | 'live' | 'ended'
	) => ({
		jurisdictionId: j,
		kind,
		status,
		organizerUserId: world.users.facilitator.id,
		invitedAgencyIds:
			kind === 'operational_workgroup'
				? [a.police, a.prosecution, a.defense, a.case_management]
				: [a.policy_group, a.evaluation],
		invitedUserIds: []
	});
	const participant = (caseManagerUserId: string | null, defenderUserId: string | null) => ({
		jurisdictionId: j,
		caseManagerUserId,
		defenderUserId
	});
	const resources: Record<Scenario, ActionResources[Action]> = {
		jurisdiction: { jurisdictionId: j },
		participant: participant(world.users.case_manager.id, world.users.defender.id),
		'unassigned participant': participant(null, null),
		'arrest-diversion referral': { jurisdictionId: j, pathway: 'arrest_diversion' },
		'community referral': { jurisdictionId: j, pathway: 'community' },
		'workgroup kind': { jurisdictionId: j, kind: 'operational_workgroup' },
		'policy group kind': { jurisdictionId: j, kind: 'policy_group' },
		'live workgroup meeting': meeting('operational_workgroup', 'live'),
		'published workgroup meeting': meeting('operational_workgroup', 'published'),
		'ended workgroup meeting': meeting('operational_workgroup', 'ended'),
		'live policy group meeting': meeting('policy_group', 'live'),
		'police-owned action item': {
			jurisdictionId: j,
			ownerAgencyId: a.police,
			ownerUserId: null,
			createdByUserId: world.users.prosecutor.id
		}
	};
	return resources[scenario];
}

beforeAll(() => {
	world = buildWorld();
});

describe('the permission matrix', () => {
	it('has a row for every action the policy module knows, and only for those', () => {
		expect([...new Set(MATRIX.map((r) => r.action))].sort()).toEqual([...ACTIONS].sort());
	});

	it.each(MATRIX.map((r) => [`${r.action} on ${r.scenario}`, r] as const))(
		'policy: %s is allowed exactly for its listed actors',
		(_label, r: MatrixRow) => {
			const answers = ACTOR_KEYS.map((key) => [
				key,
				can(actorOf(key), r.action, resourceFor(r.scenario) as never)
			]);
			expect(Object.fromEntries(answers)).toEqual(
				Object.fromEntries(ACTOR_KEYS.map((key) => [key, expectedAllowed(r, key)]))
			);
		}
	);

	it('refuses every action across jurisdictions, for every actor', () => {
		for (const r of MATRIX) {
			const resource = { ...resourceFor(r.scenario), jurisdictionId: 'another-jurisdiction' };
			for (const key of ACTOR_KEYS)
				expect(can(actorOf(key), r.action, resource as never), `${key} ${r.action}`).toBe(false);
		}
	});
});

/** The records a board operation acts on, made once; each attempt runs in a rolled-back transaction. */
interface Fixtures {
	p: { participantId: string; version: number; referralId: string };
	ineligible: { participantId: string; screeningId: string };
	unassigned: { participantId: string; version: number };
	goalId: string;
	legalMatterId: string;
	consentId: string;
}

function fixtures(): Fixtures {
	const p = buildParticipant(world);
	const ineligible = buildParticipant(world, { input: { facts: { grams: 10, age: 34 } } });
	const unassigned = buildParticipant(world, { assign: false });
	const id = p.participantId;
	const sup = world.actors.case_manager_supervisor;
	const goal = addPlanGoal(world.db, sup, {
		participantId: id,
		domain: 'housing',
		description: 'Birchwood studio'
	});
	const legal = addLegalMatter(world.db, world.actors.prosecutor, {
		participantId: id,
		caseNumber: '26-1',
		court: 'Municipal',
		charge: 'Theft 3'
	});
	const consent = recordConsent(world.db, sup, {
		participantId: id,
		recipient: 'kind:police',
		categories: ['plan'],
		purpose: 'Coordination',
		signedOn: '2026-01-05',
		until: 'exit'
	});
	expect(ineligible.screening.result).toBe('ineligible');
	// Community referrals exist where the program takes them (King County's pathways, plus that one).
	setProgramSettings(world, { pathways: ['arrest_diversion', 'social_contact', 'community'] });
	return {
		p: { participantId: id, version: p.version, referralId: p.referralId },
		ineligible: { participantId: ineligible.participantId, screeningId: ineligible.screening.id },
		unassigned: { participantId: unassigned.participantId, version: unassigned.version },
		goalId: goal.goalId,
		legalMatterId: legal.legalMatterId,
		consentId: consent.consentId
	};
}

interface Attempt {
	op: BoardOperation;
	row: MatrixRow;
	input: (f: Fixtures) => Record<string, unknown>;
}

const newPerson = {
	person: { legalName: 'Matrix Person' },
	occurredAt: '2026-03-01T18:00:00.000Z',
	facts: {}
};
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** Each board operation, with valid input, and the row of the matrix that decides it. */
const ATTEMPTS: Attempt[] = [
	{
		op: 'referral.create',
		row: rowFor('referral.create', 'arrest-diversion referral'),
		input: () => ({
			...newPerson,
			pathway: 'arrest_diversion',
			offence: 'Possession',
			offenceCategory: 'drug_possession'
		})
	},
	{
		op: 'referral.create',
		row: rowFor('referral.create', 'community referral'),
		input: () => ({ ...newPerson, pathway: 'community' })
	},
	{
		op: 'eligibility.override',
		row: rowFor('eligibility.override', 'participant'),
		input: (f) => ({ ...f.ineligible, reason: 'Reviewed by the workgroup', expectedVersion: 1 })
	},
	{
		op: 'status.change',
		row: rowFor('status.change', 'participant'),
		input: (f) => ({
			participantId: f.p.participantId,
			to: 'enrolled',
			reason: 'Intake done',
			expectedVersion: f.p.version
		})
	},
	{
		op: 'goal.add',
		row: rowFor('plan.manage', 'participant'),
		input: (f) => ({ participantId: f.p.participantId, domain: 'food', description: 'Food bank card' })
	},
	{
		op: 'goal.update',
		row: rowFor('plan.manage', 'participant'),
		input: (f) => ({
			participantId: f.p.participantId,
			goalId: f.goalId,
			expectedVersion: 1,
			status: 'in_progress'
		})
	},
	{
		op: 'legal.add',
		row: rowFor('legal.manage', 'participant'),
		input: (f) => ({
			participantId: f.p.participantId,
			caseNumber: '26-2',
			court: 'District',
			charge: 'Trespass'
		})
	},
	{
		op: 'legal.update',
		row: rowFor('legal.manage', 'participant'),
		input: (f) => ({
			participantId: f.p.participantId,
			legalMatterId: f.legalMatterId,
			expectedVersion: 1,
			status: 'closed'
		})
	},
	{
		op: 'legal.chargingDecision',
		row: rowFor('legal.chargingDecision', 'participant'),
		input: (f) => ({
			participantId: f.p.participantId,
			legalMatterId: f.legalMatterId,
			decision: 'declined',
			expectedVersion: 1
		})
	},
	{
		op: 'deadline.outcome',
		row: rowFor('deadline.recordOutcome', 'participant'),
		input: (f) => ({
			participantId: f.p.participantId,
			referralId: f.p.referralId,
			outcome: 'warrant_requested',
			expectedVersion: 1
		})
	},
	{
		op: 'contact.add',
		row: rowFor('contact.create.police', 'participant'),
		input: (f) => ({
			participantId: f.p.participantId,
			kind: 'police_outreach',
			occurredAt: '2026-03-02T18:00:00.000Z',
			note: 'Outreach'
		})
	},
	{
		op: 'contact.add',
		row: rowFor('contact.create.caseManagement', 'participant'),
		input: (f) => ({
			participantId: f.p.participantId,
			kind: 'case_management',
			occurredAt: '2026-03-02T18:00:00.000Z',
			note: 'Visit'
		})
	},
	{
		op: 'update.post',
		row: rowFor('update.post', 'participant'),
		input: (f) => ({ participantId: f.p.participantId, body: 'Engaged this week' })
	},
	{
		op: 'participant.claim',
		row: rowFor('participant.claim', 'participant'),
		input: (f) => ({ participantId: f.p.participantId, expectedVersion: f.p.version })
	},
	{
		op: 'participant.claim',
		row: rowFor('participant.claim', 'unassigned participant'),
		input: (f) => ({ participantId: f.unassigned.participantId, expectedVersion: f.unassigned.version })
	},
	{
		op: 'caseManager.assign',
		row: rowFor('roster.manage', 'participant'),
		input: (f) => ({
			participantId: f.p.participantId,
			caseManagerUserId: world.otherCaseManager.userId,
			expectedVersion: f.p.version
		})
	},
	{
		op: 'defender.assign',
		row: rowFor('roster.manage', 'participant'),
		input: (f) => ({ participantId: f.p.participantId, defenderUserId: null, expectedVersion: f.p.version })
	},
	{
		op: 'consent.record',
		row: rowFor('consent.manage', 'participant'),
		input: (f) => ({
			participantId: f.p.participantId,
			recipient: 'kind:prosecution',
			categories: ['legal'],
			purpose: 'Charging coordination',
			signedOn: yesterday(),
			until: 'exit'
		})
	},
	{
		op: 'consent.renew',
		row: rowFor('consent.manage', 'participant'),
		input: (f) => ({
			participantId: f.p.participantId,
			consentId: f.consentId,
			expectedVersion: 1,
			renewedOn: yesterday(),
			until: 'date',
			validUntil: '2099-01-01'
		})
	},
	{
		op: 'consent.revoke',
		row: rowFor('consent.manage', 'participant'),
		input: (f) => ({
			participantId: f.p.participantId,
			consentId: f.consentId,
			expectedVersion: 1,
			reason: 'Withdrawn'
		})
	}
];

const ROLLBACK = new Error('rollback');

/** 'allowed', 'refused', or the unexpected error code (which fails the cell). */
function attempt(key: ActorKey, a: Attempt, f: Fixtures): string {
	let outcome = '';
	try {
		world.db.transaction((tx) => {
			try {
				perform(tx, actorOf(key), COMMANDS[a.op] as AnyCommand, a.input(f));
				outcome = 'allowed';
			} catch (error) {
				if (!isDomainError(error)) throw error;
				outcome =
					error.code === 'forbidden'
						? 'refused'
						: `${error.code}: ${error.message} ${JSON.stringify(error.fields ?? {})}`;
			}
			throw ROLLBACK;
		});
	} catch (error) {
		if (error !== ROLLBACK) throw error;
	}
	return outcome;
}

describe('the same cells through the domain functions (the form-action and socket door)', () => {
	let f: Fixtures;
	beforeAll(() => {
		f = fixtures();
	});

	it('tries every board operation', () => {
		expect([...new Set(ATTEMPTS.map((a) => a.op))].sort()).toEqual([...BOARD_OPERATIONS].sort());
	});

	it.each(ATTEMPTS.map((a) => [`${a.op} (${a.row.action} on ${a.row.scenario})`, a] as const))(
		'%s: stored for the allowed actors, refused for every other',
		(_label, a: Attempt) => {
			const got = Object.fromEntries(ACTOR_KEYS.map((key) => [key, attempt(key, a, f)]));
			const want = Object.fromEntries(
				ACTOR_KEYS.map((key) => [key, expectedAllowed(a.row, key) ? 'allowed' : 'refused'])
			);
			expect(got).toEqual(want);
		}
	);
});
