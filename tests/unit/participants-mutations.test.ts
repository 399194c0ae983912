import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { contacts, participants } from '../../src/lib/server/db/participants.schema';
import { DomainError } from '../../src/lib/server/errors';
import type { Actor } from '../../src/lib/server/policy';
import { changesSince, latestSeq } from '../../src/lib/server/participants/board';
import type { PerformOptions } from '../../src/lib/server/commands/command';
import { participantCardView } from '../../src/lib/server/participants/views';
import {
	actorFor,
	buildJurisdiction,
	buildParticipant,
	buildUser,
	buildWorld,
	referralInput,
	snapshotDatabase,
	type World
} from '../helpers/factories';
import {
	addContact,
	addLegalMatter,
	addPlanGoal,
	assignCaseManager,
	assignDefender,
	changeStatus,
	createReferral,
	overrideEligibility,
	postUpdate,
	recordDeadlineOutcome,
	setChargingDecision,
	updateLegalMatter,
	updatePlanGoal
} from '../helpers/commands';

const now = new Date('2026-03-05T12:00:00Z');
type DomainFn = (db: World['db'], actor: Actor, input: unknown, opts?: PerformOptions) => unknown;

function thrown(fn: () => unknown): DomainError {
	try {
		fn();
	} catch (error) {
		if (error instanceof DomainError) return error;
		throw error;
	}
	throw new Error('expected a DomainError, but nothing was thrown');
}

/** A participant with a goal, a legal matter and an ineligible screening, and a valid input for every function. */
function scene(world: World) {
	const p = buildParticipant(world);
	const id = p.participantId;
	// A referral screened out (more than King County's 3 grams), for the facilitator's override.
	const screenedOut = buildParticipant(world, { input: { facts: { grams: 4 } } });
	const goal = addPlanGoal(
		world.db,
		world.actors.case_manager,
		{ participantId: id, domain: 'housing', description: 'Apply for a studio' },
		{ now }
	);
	const matter = addLegalMatter(
		world.db,
		world.actors.prosecutor,
		{ participantId: id, caseNumber: '26-1-0001', court: 'Municipal', charge: 'Theft 3' },
		{ now }
	);
	const a = world.actors;
	const cases: Array<{
		name: string;
		fn: DomainFn;
		actor: Actor;
		input: Record<string, unknown>;
		required: string[];
	}> = [
		{
			name: 'createReferral',
			fn: createReferral,
			actor: a.police_officer,
			input: referralInput({ occurredAt: '2026-03-04T12:00:00Z' }),
			required: ['pathway', 'occurredAt', 'person', 'offence']
		},
		{
			name: 'overrideEligibility',
			fn: overrideEligibility,
			actor: a.facilitator,
			input: {
				participantId: screenedOut.participantId,
				screeningId: screenedOut.screening.id,
				reason: 'Packaging weighed.',
				expectedVersion: 1
			},
			required: ['participantId', 'screeningId', 'reason', 'expectedVersion']
		},
		{
			name: 'changeStatus',
			fn: changeStatus,
			actor: a.case_manager,
			input: { participantId: id, to: 'assessment_pending', reason: 'Booked.', expectedVersion: p.version },
			required: ['participantId', 'to', 'reason', 'expectedVersion']
		},
		{
			name: 'addPlanGoal',
			fn: addPlanGoal,
			actor: a.case_manager,
			input: {
				participantId: id,
				domain: 'food',
				description: 'Food bank on Tuesdays',
				targetDate: '2026-04-01'
			},
			required: ['participantId', 'domain', 'description']
		},
		{
			name: 'updatePlanGoal',
			fn: updatePlanGoal,
			actor: a.case_manager,
			input: { participantId: id, goalId: goal.goalId, expectedVersion: 1, status: 'met' },
			required: ['participantId', 'goalId', 'expectedVersion', 'status']
		},
		{
			name: 'addLegalMatter',
			fn: addLegalMatter,
			actor: a.prosecutor,
			input: {
				participantId: id,
				caseNumber: '26-1-0002',
				court: 'District',
				charge: 'Trespass',
				nextCourtDate: '2026-03-20T17:00:00Z'
			},
			required: ['participantId', 'caseNumber', 'court', 'charge']
		},
		{
			name: 'updateLegalMatter',
			fn: updateLegalMatter,
			actor: a.prosecutor,
			input: { participantId: id, legalMatterId: matter.legalMatterId, expectedVersion: 1, status: 'closed' },
			required: ['participantId', 'legalMatterId', 'expectedVersion', 'status']
		},
		{
			name: 'setChargingDecision',
			fn: setChargingDecision,
			actor: a.prosecutor,
			input: {
				participantId: id,
				legalMatterId: matter.legalMatterId,
				decision: 'held_pending_engagement',
				expectedVersion: 1
			},
			required: ['participantId', 'legalMatterId', 'decision', 'expectedVersion']
		},
		{
			name: 'recordDeadlineOutcome',
			fn: recordDeadlineOutcome,
			actor: a.prosecutor,
			input: {
				participantId: id,
				referralId: p.referralId,
				outcome: 'warrant_requested',
				expectedVersion: 1
			},
			required: ['participantId', 'referralId', 'outcome', 'expectedVersion']
		},
		{
			name: 'addContact',
			fn: addContact,
			actor: a.police_officer,
			input: {
				participantId: id,
				kind: 'police_outreach',
				occurredAt: '2026-03-04T20:00:00Z',
				note: 'Joint outreach.'
			},
			required: ['participantId', 'kind', 'occurredAt', 'note']
		},
		{
			name: 'postUpdate',
			fn: postUpdate,
			actor: a.case_manager,
			input: { participantId: id, body: 'Housing forms in.' },
			required: ['participantId', 'body']
		},
		{
			name: 'assignCaseManager',
			fn: assignCaseManager,
			actor: a.facilitator,
			input: {
				participantId: id,
				caseManagerUserId: world.otherCaseManager.userId,
				expectedVersion: p.version
			},
			required: ['participantId', 'caseManagerUserId', 'expectedVersion']
		},
		{
			name: 'assignDefender',
			fn: assignDefender,
			actor: a.facilitator,
			input: { participantId: id, defenderUserId: null, expectedVersion: p.version },
			required: ['participantId', 'defenderUserId', 'expectedVersion']
		}
	];
	return { p, goal, matter, cases };
}

/** Deterministic PRNG so a failing fuzz case can be replayed. */
function prng(seed: number) {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function wrongTypeFor(value: unknown, r: () => number): unknown {
	const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
	if (typeof value === 'string') return pick([12345, true, {}, [], [value], { value }]);
	if (typeof value === 'number')
		return pick([String(value), true, {}, [], -1, 1.5, Number.MAX_SAFE_INTEGER * 4]);
	if (value === null) return pick([42, true, {}, []]);
	if (Array.isArray(value)) return pick(['x', 1, { 0: 'x' }]);
	return pick(['x', 1, [1], true]);
}

const MUTATIONS = [
	'drop',
	'wrongType',
	'hugeString',
	'unknownKey',
	'proto',
	'constructor',
	'notAnObject',
	'nested'
] as const;

/** Turns a valid input into one that must be refused, and says how. */
function corrupt(
	c: { name: string; input: Record<string, unknown>; required: string[] },
	r: () => number
): { how: string; input: unknown } {
	const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
	const keys = Object.keys(c.input);
	const mutation = pick(MUTATIONS);
	const copy: Record<string, unknown> = structuredClone(c.input);
	switch (mutation) {
		case 'drop': {
			const key = pick(c.required);
			delete copy[key];
			return { how: `drop ${key}`, input: copy };
		}
		case 'wrongType': {
			const key = pick(keys);
			copy[key] = wrongTypeFor(copy[key], r);
			return { how: `wrong type for ${key}: ${JSON.stringify(copy[key])}`, input: copy };
		}
		case 'hugeString': {
			const key = pick(keys.filter((k) => typeof copy[k] === 'string'));
			copy[key] = 'x'.repeat(5_000 + Math.floor(r() * 200_000));
			return { how: `huge string in ${key}`, input: copy };
		}
		case 'unknownKey':
			copy[pick(['isAdmin', 'id', 'jurisdictionId', 'version', 'status2', 'role'])] = 'sneaky';
			return { how: 'unknown key', input: copy };
		case 'proto':
			return {
				how: '__proto__ key',
				input: JSON.parse(JSON.stringify(copy).replace(/^\{/, '{"__proto__":{"role":"admin"},'))
			};
		case 'constructor':
			return {
				how: 'constructor key',
				input: JSON.parse(JSON.stringify(copy).replace(/^\{/, '{"constructor":{"prototype":{"x":1}},'))
			};
		case 'notAnObject':
			return { how: 'not an object', input: pick([null, undefined, 42, 'participant', [], [copy], true]) };
		case 'nested': {
			const key = pick(keys.filter((k) => copy[k] && typeof copy[k] === 'object' && !Array.isArray(copy[k])));
			if (!key) {
				copy['participantId'] = { $ne: null };
				return { how: 'object where an id belongs', input: copy };
			}
			const inner = JSON.parse(JSON.stringify(copy[key]).replace(/^\{/, '{"__proto__":{"polluted":true},'));
			copy[key] = inner;
			return { how: `__proto__ inside ${key}`, input: copy };
		}
	}
}

describe('participant mutations', () => {
	let world: World;
	beforeEach(() => {
		world = buildWorld();
	});
	afterEach(() => world.close());

	it('refuses 200 fuzzed bad inputs with invalid_input and field messages, leaving the database unchanged', () => {
		const { cases } = scene(world);
		const before = snapshotDatabase(world);
		const r = prng(1311);
		const seen = new Set<string>();
		for (let i = 0; i < 200; i++) {
			const c = cases[i % cases.length];
			const { how, input } = corrupt(c, r);
			seen.add(how.split(' ')[0]);
			const error = thrown(() => c.fn(world.db, c.actor, input, { now, idempotencyKey: `fuzz-key-${i}` }));
			expect(error.code, `${c.name}: ${how}`).toBe('invalid_input');
			expect(Object.keys(error.fields ?? {}).length, `${c.name}: ${how}`).toBeGreaterThan(0);
			expect(snapshotDatabase(world).digest, `${c.name}: ${how}`).toBe(before.digest);
		}
		expect(({} as Record<string, unknown>).role).toBeUndefined();
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(seen.size).toBeGreaterThanOrEqual(7);
		// Each input uncorrupted is accepted (each on a fresh scene): the refusals came from the corruption.
		cases.forEach((_c, k) => {
			const fresh = buildWorld();
			const c = scene(fresh).cases[k];
			expect(() => c.fn(fresh.db, c.actor, c.input, { now }), c.name).not.toThrow();
			fresh.close();
		});
	});

	it('refuses an edit made against an old version with a conflict carrying the current value', () => {
		const { p, goal } = scene(world);
		const id = p.participantId;
		changeStatus(
			world.db,
			world.actors.case_manager,
			{ participantId: id, to: 'assessment_pending', reason: 'Booked.', expectedVersion: p.version },
			{ now }
		);
		const stale = thrown(() =>
			changeStatus(
				world.db,
				world.actors.case_manager,
				{ participantId: id, to: 'unable_to_locate', reason: 'Gone.', expectedVersion: p.version },
				{ now }
			)
		);
		expect(stale.code).toBe('conflict');
		expect(stale.detail).toMatchObject({
			participantId: id,
			status: 'assessment_pending',
			version: p.version + 1
		});

		updatePlanGoal(
			world.db,
			world.actors.case_manager,
			{ participantId: id, goalId: goal.goalId, expectedVersion: 1, description: 'Apply for a one-bedroom' },
			{ now }
		);
		const staleGoal = thrown(() =>
			updatePlanGoal(
				world.db,
				world.actors.case_manager,
				{
					participantId: id,
					goalId: goal.goalId,
					expectedVersion: 1,
					description: 'Apply for a shelter bed'
				},
				{ now }
			)
		);
		expect(staleGoal.code).toBe('conflict');
		expect(staleGoal.detail).toMatchObject({
			id: goal.goalId,
			description: 'Apply for a one-bedroom',
			version: 2
		});
		expect(participantCardView(world.db, world.actors.case_manager, id).version).toBe(p.version + 1);
	});

	it('applies a retried mutation with the same idempotency key once and returns the first result', () => {
		const { p } = scene(world);
		const input = {
			participantId: p.participantId,
			kind: 'police_social_contact',
			occurredAt: '2026-03-04T20:00:00Z',
			note: 'Check-in.'
		};
		const seqBefore = latestSeq(world.db, world.jurisdiction.id);
		const first = addContact(world.db, world.actors.police_officer, input, {
			now,
			idempotencyKey: 'retry-key-0001'
		});
		const second = addContact(world.db, world.actors.police_officer, input, {
			now,
			idempotencyKey: 'retry-key-0001'
		});
		expect(second).toEqual(first);
		expect(world.db.select().from(contacts).all()).toHaveLength(1);
		expect(latestSeq(world.db, world.jurisdiction.id)).toBe(seqBefore + 1);
		// Another user's key space is separate; the same key for another kind of change is a conflict.
		addContact(world.db, world.actors.police_sergeant, input, { now, idempotencyKey: 'retry-key-0001' });
		expect(world.db.select().from(contacts).all()).toHaveLength(2);
		expect(
			thrown(() =>
				postUpdate(
					world.db,
					world.actors.police_officer,
					{ participantId: p.participantId, body: 'x' },
					{ idempotencyKey: 'retry-key-0001' }
				)
			).code
		).toBe('conflict');
		expect(
			thrown(() => addContact(world.db, world.actors.police_officer, input, { idempotencyKey: 'bad key!' }))
				.code
		).toBe('invalid_input');
	});

	it('creates one participant when a referral is retried with the same key', () => {
		const input = referralInput();
		const a = createReferral(world.db, world.actors.police_officer, input, {
			now,
			idempotencyKey: 'referral-retry-1'
		});
		const b = createReferral(world.db, world.actors.police_officer, input, {
			now,
			idempotencyKey: 'referral-retry-1'
		});
		expect(b).toEqual(a);
		expect(world.db.select().from(participants).all()).toHaveLength(1);
	});

	it('answers not_found for an unknown participant and for another jurisdiction’s participant', () => {
		const { p } = scene(world);
		expect(
			thrown(() =>
				postUpdate(world.db, world.actors.case_manager, { participantId: 'no-such-participant', body: 'x' })
			).code
		).toBe('not_found');
		const elsewhere = buildJurisdiction(world.db, { name: 'Santa Fe' });
		const outsider = actorFor(buildUser(world.db, elsewhere, 'case_manager_supervisor'));
		const before = snapshotDatabase(world).digest;
		expect(
			thrown(() => postUpdate(world.db, outsider, { participantId: p.participantId, body: 'x' })).code
		).toBe('not_found');
		expect(thrown(() => participantCardView(world.db, outsider, p.participantId)).code).toBe('not_found');
		expect(snapshotDatabase(world).digest).toBe(before);
	});

	it('refuses a forbidden action and writes nothing', () => {
		const { p, matter } = scene(world);
		const id = p.participantId;
		const before = snapshotDatabase(world, { except: ['audit_events'] }).digest;
		const denied = () =>
			world.db.select().from(auditEvents).where(eq(auditEvents.outcome, 'denied')).all().length;
		const deniedBefore = denied();
		const attempts: Array<[string, () => unknown]> = [
			[
				'evaluator posts an update',
				() => postUpdate(world.db, world.actors.evaluator, { participantId: id, body: 'x' })
			],
			[
				'police change status',
				() =>
					changeStatus(world.db, world.actors.police_officer, {
						participantId: id,
						to: 'enrolled',
						reason: 'x',
						expectedVersion: p.version
					})
			],
			[
				'another case manager adds a goal',
				() =>
					addPlanGoal(world.db, world.otherCaseManager, {
						participantId: id,
						domain: 'food',
						description: 'x'
					})
			],
			[
				'defender sets a charging decision',
				() =>
					setChargingDecision(world.db, world.actors.defender, {
						participantId: id,
						legalMatterId: matter.legalMatterId,
						decision: 'declined',
						expectedVersion: 1
					})
			],
			[
				'case manager records a police contact',
				() =>
					addContact(world.db, world.actors.case_manager, {
						participantId: id,
						kind: 'police_new_arrest',
						occurredAt: '2026-03-04T20:00:00Z',
						note: 'x'
					})
			],
			[
				'police refer by community pathway',
				() => createReferral(world.db, world.actors.police_officer, referralInput({ pathway: 'community' }))
			],
			['case manager refers', () => createReferral(world.db, world.actors.case_manager, referralInput())]
		];
		for (const [what, attempt] of attempts) expect(thrown(attempt).code, what).toBe('forbidden');
		expect(snapshotDatabase(world, { except: ['audit_events'] }).digest).toBe(before);
		// Each refusal is on record as denied; nothing else was written.
		expect(denied()).toBe(deniedBefore + attempts.length);
	});

	it('appends a timeline entry and a change-log row for every write, hiding what a reader may not see', () => {
		const { p } = scene(world);
		const id = p.participantId;
		const from = latestSeq(world.db, world.jurisdiction.id);
		const goal = addPlanGoal(
			world.db,
			world.actors.case_manager,
			{ participantId: id, domain: 'substance_use_treatment', description: 'Methadone intake at the clinic' },
			{ now }
		);
		const update = postUpdate(
			world.db,
			world.actors.case_manager,
			{ participantId: id, body: 'Doing well.' },
			{ now }
		);
		expect([goal.seq, update.seq]).toEqual([from + 1, from + 2]);
		const forPolice = changesSince(world.db, world.actors.police_officer, from);
		expect(forPolice.changes.map((c) => [c.seq, c.kind])).toEqual([
			[from + 1, 'participant.changed'],
			[from + 2, 'update.posted']
		]);
		expect(changesSince(world.db, world.actors.case_manager, from).changes.map((c) => c.kind)).toEqual([
			'plan.goal_added',
			'update.posted'
		]);
		expect(changesSince(world.db, world.actors.case_manager, from + 1).changes.map((c) => c.seq)).toEqual([
			from + 2
		]);
		expect(thrown(() => changesSince(world.db, world.actors.pcg_member, 0)).code).toBe('forbidden');
	});

	it('has no abstinence domain and refuses a goal that makes abstinence a requirement', () => {
		const { p } = scene(world);
		const id = p.participantId;
		const add = (domain: string, description: string) => () =>
			addPlanGoal(world.db, world.actors.case_manager, { participantId: id, domain, description }, { now });
		expect(thrown(add('abstinence', 'Stay off drugs')).fields).toHaveProperty('domain');
		expect(
			thrown(add('substance_use_treatment', 'Must remain abstinent from all substances')).fields
		).toHaveProperty('description');
		expect(thrown(add('other', 'Sobriety is required to keep the housing slot')).code).toBe('invalid_input');
		expect(
			add('substance_use_treatment', 'Reduce use; has chosen to try a period of sobriety')()
		).toHaveProperty('goalId');
	});
});
