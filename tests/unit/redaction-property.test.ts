/**
 * Property: whatever the viewer, and whatever consents a participant has (active, expired,
 * revoked, not yet signed, ended by exit, for the viewer's agency or someone else's), no view
 * builder lets out a field of a category the rules deny. Every category's fields carry a planted
 * string unique to (participant, category); the views' JSON is searched for the denied ones.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, consents, user } from '../../src/lib/server/db/schema';
import { DomainError } from '../../src/lib/server/errors';
import { changesSince } from '../../src/lib/server/participants/board';
import {
	cardBroadcaster,
	participantCardView,
	participantDetailView,
	rosterView
} from '../../src/lib/server/participants/views';
import type { Conn } from '../../src/lib/server/db';
import type { Actor } from '../../src/lib/server/policy';
import { INFORMATION_CATEGORIES, type InformationCategory } from '../../src/lib/server/policy/participants';
import type { AgencyKind } from '../../src/lib/shared/roles';
import { actorFor, buildParticipant, buildWorld, setProgramSettings, type World } from '../helpers/factories';
import { addContact, addLegalMatter, addPlanGoal, changeStatus, postUpdate } from '../helpers/commands';

const PARTICIPANTS = 30;
const RUNS = 1000;
const T0 = new Date('2026-03-02T12:00:00.000Z');
const EXITED_AT = new Date('2026-04-01T12:00:00.000Z');
/** Every view is built at this instant; consents are placed around it. */
const NOW = new Date('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;

const token = (c: InformationCategory, j: number) => `zz${c.replace('_', '')}${j}x`;

/** What each kind of viewer sees at baseline, written out here rather than read from the policy. */
const ALL = [...INFORMATION_CATEGORIES];
const CJ: InformationCategory[] = ['identity', 'contact_log', 'legal', 'plan_summary'];
const NON_CLINICAL: InformationCategory[] = [
	'identity',
	'demographics',
	'contact_log',
	'legal',
	'plan_summary',
	'plan'
];
type Viewer = { key: string; actor: Actor; baseline: (p: Planted) => InformationCategory[] | null };

interface Planted {
	index: number;
	id: string;
	assigned: boolean;
	exited: boolean;
}

let world: World;
let viewers: Viewer[];
let planted: Planted[];
let seqTotal = 0;

function plant(j: number): Planted {
	const assigned = j % 6 !== 5;
	const t = (c: InformationCategory) => token(c, j);
	const { participantId: id } = buildParticipant(world, {
		now: T0,
		assign: assigned,
		input: {
			person: {
				legalName: `Pat ${t('identity')}`,
				aliases: [`Al ${t('identity')}`],
				dateOfBirth: '1990-04-02',
				gender: t('demographics')
			},
			offence: `Theft ${t('legal')}`,
			narrative: `Narrative ${t('contact_log')}`
		}
	});
	const sup = world.actors.case_manager_supervisor;
	const at = { now: T0 };
	addPlanGoal(
		world.db,
		sup,
		{ participantId: id, domain: 'housing', description: `Housing ${t('plan')}` },
		at
	);
	addPlanGoal(
		world.db,
		sup,
		{ participantId: id, domain: 'substance_use_treatment', description: `Treatment ${t('clinical')}` },
		at
	);
	addContact(
		world.db,
		world.actors.police_officer,
		{
			participantId: id,
			kind: 'police_social_contact',
			occurredAt: T0.toISOString(),
			note: `Seen ${t('contact_log')}`
		},
		at
	);
	addContact(
		world.db,
		sup,
		{
			participantId: id,
			kind: 'case_management',
			occurredAt: T0.toISOString(),
			note: `Visit ${t('case_notes')}`
		},
		at
	);
	postUpdate(world.db, sup, { participantId: id, body: `Update ${t('case_notes')}` }, at);
	addLegalMatter(
		world.db,
		world.actors.prosecutor,
		{ participantId: id, caseNumber: `26-${j}`, court: 'Municipal', charge: `Charge ${t('legal')}` },
		at
	);
	const exited = j % 5 === 4;
	const version = () => participantCardView(world.db, sup, id, at).version;
	changeStatus(
		world.db,
		sup,
		{ participantId: id, to: 'enrolled', reason: `Enrolled ${t('case_notes')}`, expectedVersion: version() },
		at
	);
	if (exited) {
		changeStatus(
			world.db,
			sup,
			{
				participantId: id,
				to: 'exited',
				exitReason: 'moved',
				reason: `Left ${t('case_notes')}`,
				expectedVersion: version()
			},
			{ now: EXITED_AT }
		);
	}
	return { index: j, id, assigned, exited };
}

/** A second police department in the same jurisdiction: same agency kind, different agency. */
function otherPoliceOfficer(): Actor {
	const agency = world.db
		.insert(agencies)
		.values({
			jurisdictionId: world.jurisdiction.id,
			name: 'Lakeside Police',
			shortName: 'LPD',
			kind: 'police'
		})
		.returning()
		.get();
	const u = world.db
		.insert(user)
		.values({
			name: 'Lakeside officer',
			email: 'lakeside@factory.test',
			role: 'police_officer',
			jurisdictionId: world.jurisdiction.id,
			agencyId: agency.id
		})
		.returning()
		.get();
	return actorFor(u);
}

function buildViewers(): Viewer[] {
	const a = world.actors;
	const own = (yes: InformationCategory[], no: InformationCategory[]) => (p: Planted) =>
		p.assigned ? yes : no;
	return [
		{ key: 'police_officer', actor: a.police_officer, baseline: () => CJ },
		{ key: 'police_sergeant', actor: a.police_sergeant, baseline: () => CJ },
		{ key: 'other police department', actor: otherPoliceOfficer(), baseline: () => CJ },
		{ key: 'prosecutor', actor: a.prosecutor, baseline: () => CJ },
		{ key: 'defender (theirs)', actor: a.defender, baseline: own(CJ, []) },
		{ key: 'defender (not theirs)', actor: world.otherDefender, baseline: () => [] },
		{ key: 'case_manager (theirs)', actor: a.case_manager, baseline: own(ALL, NON_CLINICAL) },
		{ key: 'case_manager (not theirs)', actor: world.otherCaseManager, baseline: () => NON_CLINICAL },
		{ key: 'case_manager_supervisor', actor: a.case_manager_supervisor, baseline: () => ALL },
		{ key: 'facilitator', actor: a.facilitator, baseline: () => NON_CLINICAL },
		{ key: 'pcg_member', actor: a.pcg_member, baseline: () => null },
		{ key: 'evaluator', actor: a.evaluator, baseline: () => null },
		{ key: 'admin', actor: a.admin, baseline: () => null }
	];
}

beforeAll(() => {
	world = buildWorld();
	// Each planted gender is a category the program records, so the referral takes it.
	const genders = Array.from({ length: PARTICIPANTS }, (_, j) => token('demographics', j));
	setProgramSettings(world, { genders: genders.map((value) => ({ value, label: value })) });
	planted = Array.from({ length: PARTICIPANTS }, (_, j) => plant(j));
	viewers = buildViewers();
	seqTotal = changesSince(world.db, world.actors.case_manager_supervisor, 0, 100_000).latestSeq;
}, 60_000);
afterAll(() => world?.close());

const STATES = ['active', 'expired', 'revoked', 'future', 'until_exit'] as const;
const RECIPIENTS = ['viewer agency', 'viewer kind', 'other agency', 'other kind'] as const;
type ConsentSpec = {
	state: (typeof STATES)[number];
	recipient: (typeof RECIPIENTS)[number];
	categories: InformationCategory[];
};

const consentArb = fc.record({
	state: fc.constantFrom(...STATES),
	recipient: fc.constantFrom(...RECIPIENTS),
	categories: fc.subarray([...INFORMATION_CATEGORIES], { minLength: 1 })
});

function recipientOf(
	spec: ConsentSpec,
	viewer: Actor
): { recipientAgencyId: string | null; recipientAgencyKind: AgencyKind | null } {
	const otherKind: AgencyKind = viewer.agencyKind === 'police' ? 'prosecution' : 'police';
	switch (spec.recipient) {
		case 'viewer agency':
			return { recipientAgencyId: viewer.agencyId, recipientAgencyKind: null };
		case 'viewer kind':
			return { recipientAgencyId: null, recipientAgencyKind: viewer.agencyKind };
		case 'other agency':
			return { recipientAgencyId: world.agencyIds[otherKind], recipientAgencyKind: null };
		case 'other kind':
			return { recipientAgencyId: null, recipientAgencyKind: otherKind };
	}
}

function insertConsent(tx: Conn, p: Planted, spec: ConsentSpec, viewer: Actor): void {
	const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
	const untilExit = spec.state === 'until_exit';
	tx.insert(consents)
		.values({
			jurisdictionId: world.jurisdiction.id,
			participantId: p.id,
			...recipientOf(spec, viewer),
			categories: spec.categories,
			purpose: `Purpose ${token('case_notes', p.index)}`,
			signedOn: '2026-03-01',
			validUntil: untilExit ? null : '2026-12-31',
			untilExit,
			startsAt: spec.state === 'future' ? new Date(NOW.getTime() + DAY) : ago(90),
			expiresAt: untilExit ? null : spec.state === 'expired' ? ago(1) : new Date(NOW.getTime() + 30 * DAY),
			revokedAt: spec.state === 'revoked' ? ago(2) : null,
			createdByUserId: world.users.case_manager.id,
			createdAt: T0
		})
		.run();
}

/** The oracle: baseline, widened by the consents that are in force and name the viewer's agency. */
function expectedVisible(viewer: Viewer, p: Planted, specs: ConsentSpec[]): Set<InformationCategory> | null {
	const baseline = viewer.baseline(p);
	if (baseline === null) return null;
	const out = new Set(baseline);
	for (const s of specs) {
		const inForce = s.state === 'active' || (s.state === 'until_exit' && !p.exited);
		const names = s.recipient === 'viewer agency' || s.recipient === 'viewer kind';
		if (!inForce || !names) continue;
		for (const c of s.categories) out.add(c);
		if (s.categories.includes('plan')) out.add('plan_summary');
	}
	return out;
}

const orNull = <T>(build: () => T): T | null => {
	try {
		return build();
	} catch (error) {
		if (error instanceof DomainError && (error.code === 'forbidden' || error.code === 'not_found'))
			return null;
		throw error;
	}
};

/** Every view builder, as the viewer receives it. */
function allViews(tx: Conn, viewer: Actor, p: Planted) {
	const opts = { now: NOW };
	const detail = orNull(() => participantDetailView(tx, viewer, p.id, opts));
	return {
		detail,
		card: orNull(() => participantCardView(tx, viewer, p.id, opts)),
		broadcast: cardBroadcaster(tx, world.jurisdiction.id, p.id, opts)(viewer).card,
		roster: orNull(() => rosterView(tx, viewer, {}, opts)),
		search: orNull(() => rosterView(tx, viewer, { search: token('identity', p.index) }, opts)),
		catchUp: orNull(() => ({
			...changesSince(tx, viewer, seqTotal - 40),
			card: participantCardView(tx, viewer, p.id, opts)
		}))
	};
}

const ROLLBACK = new Error('rollback');

describe('no view lets out a category the rules deny', () => {
	it(`holds for ${RUNS} random viewers, consents and participants`, () => {
		let checked = 0;
		fc.assert(
			fc.property(
				fc.nat({ max: PARTICIPANTS - 1 }),
				fc.nat({ max: 12 }),
				fc.array(consentArb, { maxLength: 4 }),
				(pi, vi, specs) => {
					const p = planted[pi];
					const viewer = viewers[vi];
					try {
						world.db.transaction((tx) => {
							for (const s of specs) insertConsent(tx, p, s, viewer.actor);
							const views = allViews(tx, viewer.actor, p);
							checkViews(views, viewer, p, specs);
							throw ROLLBACK;
						});
					} catch (error) {
						if (error !== ROLLBACK) throw error;
					}
					checked++;
				}
			),
			{ numRuns: RUNS }
		);
		expect(checked).toBe(RUNS);
	}, 120_000);
});

/** Every planted string, to the participant and category it stands for. */
const TOKENS = new Map(
	Array.from({ length: PARTICIPANTS }, (_, j) =>
		INFORMATION_CATEGORIES.map((c) => [token(c, j), { c, j }] as const)
	).flat()
);
const TOKEN = /zz[a-z]+\d+x/g;

function checkViews(
	views: ReturnType<typeof allViews>,
	viewer: Viewer,
	p: Planted,
	specs: ConsentSpec[]
): void {
	const json = JSON.stringify(views);
	for (const found of new Set(json.match(TOKEN) ?? [])) {
		const { c, j } = TOKENS.get(found) ?? { c: null, j: -1 };
		expect(c, `unexpected planted string ${found}`).not.toBeNull();
		const visibleThere = expectedVisible(viewer, planted[j], j === p.index ? specs : []) ?? new Set();
		expect(visibleThere.has(c!), `${viewer.key} got ${c} of #${j}`).toBe(true);
	}
	const visible = expectedVisible(viewer, p, specs);
	if (visible === null) {
		expect(
			views.detail ?? views.card ?? views.broadcast ?? views.roster,
			`${viewer.key} sees no participant`
		).toBeNull();
		return;
	}
	// And what is allowed does arrive: a view that withheld too much would hide a broken consent.
	const detailJson = JSON.stringify(views.detail);
	for (const c of visible) {
		if (c !== 'plan_summary')
			expect(detailJson.includes(token(c, p.index)), `${viewer.key} should see ${c}`).toBe(true);
	}
	const cj = ['police_officer', 'police_sergeant', 'prosecutor', 'defender'].includes(viewer.actor.role);
	const part2 = cj && (visible.has('clinical') || visible.has('case_notes'));
	expect(views.detail?.part2Notice === true, `${viewer.key} Part 2 notice`).toBe(part2);
	expect(views.broadcast?.part2Notice === true).toBe(part2);
	expect(views.search?.cards.map((c) => c.participantId)).toEqual(visible.has('identity') ? [p.id] : []);
}
