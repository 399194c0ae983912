/**
 * A board change is redacted once per audience the policy tells apart, not once per person. This
 * proves the shared card is exactly what each person would get from their own, individually
 * redacted view, for every viewer of the fixtures and every consent state, recipient and
 * category: sharing a payload never hands anyone a field their own view withholds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consents } from '../../src/lib/server/db/schema';
import type { Conn } from '../../src/lib/server/db';
import { DomainError } from '../../src/lib/server/errors';
import { cardBroadcaster, participantCardView } from '../../src/lib/server/participants/views';
import { seatStandIn, type Actor } from '../../src/lib/server/policy';
import { INFORMATION_CATEGORIES, type InformationCategory } from '../../src/lib/server/policy/participants';
import { AGENCY_KINDS, type AgencyKind } from '../../src/lib/shared/roles';
import type { ParticipantCard } from '../../src/lib/shared/participant-views';
import { addContact, addLegalMatter, changeStatus } from '../helpers/commands';
import { actorFor, buildParticipant, buildUser, buildWorld, type World } from '../helpers/factories';
import { ensureAgency } from '../../src/lib/server/setup';

const T0 = new Date('2026-03-02T12:00:00.000Z');
const NOW = new Date('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;

const STATES = ['active', 'expired', 'revoked', 'future', 'until_exit'] as const;
type State = (typeof STATES)[number];

interface ConsentCase {
	label: string;
	state: State;
	recipientAgencyId: string | null;
	recipientAgencyKind: AgencyKind | null;
	categories: InformationCategory[];
}

let world: World;
let viewers: Actor[];
let participantIds: string[];

/** No consent; then every state for every recipient with all categories, and each category alone while active. */
function consentCases(): (ConsentCase | null)[] {
	const recipients = AGENCY_KINDS.flatMap((kind) => [
		{ label: `agency ${kind}`, recipientAgencyId: world.agencyIds[kind], recipientAgencyKind: null },
		{ label: `kind ${kind}`, recipientAgencyId: null, recipientAgencyKind: kind }
	]);
	const cases: (ConsentCase | null)[] = [null];
	for (const r of recipients) {
		for (const state of STATES)
			cases.push({ ...r, label: `${r.label} ${state} all`, state, categories: [...INFORMATION_CATEGORIES] });
		for (const c of INFORMATION_CATEGORIES)
			cases.push({ ...r, label: `${r.label} active ${c}`, state: 'active', categories: [c] });
	}
	return cases;
}

function insertConsent(tx: Conn, participantId: string, c: ConsentCase): void {
	const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
	const untilExit = c.state === 'until_exit';
	tx.insert(consents)
		.values({
			jurisdictionId: world.jurisdiction.id,
			participantId,
			recipientAgencyId: c.recipientAgencyId,
			recipientAgencyKind: c.recipientAgencyKind,
			categories: c.categories,
			purpose: 'Coordination',
			signedOn: '2026-03-01',
			validUntil: untilExit ? null : '2026-12-31',
			untilExit,
			startsAt: c.state === 'future' ? new Date(NOW.getTime() + DAY) : ago(90),
			expiresAt: untilExit ? null : c.state === 'expired' ? ago(1) : new Date(NOW.getTime() + 30 * DAY),
			revokedAt: c.state === 'revoked' ? ago(2) : null,
			createdByUserId: world.users.case_manager.id,
			createdAt: T0
		})
		.run();
}

/** A participant with something in the card's withheld fields: a court date and a police contact. */
function participantWithRecords(assign: boolean, exited: boolean): string {
	const { participantId } = buildParticipant(world, { now: T0, assign });
	const at = { now: T0 };
	addLegalMatter(
		world.db,
		world.actors.prosecutor,
		{
			participantId,
			caseNumber: '26-1',
			court: 'Municipal',
			charge: 'Theft',
			nextCourtDate: NOW.toISOString()
		},
		at
	);
	addContact(
		world.db,
		world.actors.police_officer,
		{ participantId, kind: 'police_social_contact', occurredAt: T0.toISOString(), note: 'Seen downtown' },
		at
	);
	if (exited) {
		const version = () =>
			participantCardView(world.db, world.actors.case_manager_supervisor, participantId, at).version;
		const sup = world.actors.case_manager_supervisor;
		changeStatus(
			world.db,
			sup,
			{ participantId, to: 'enrolled', reason: 'In', expectedVersion: version() },
			at
		);
		changeStatus(
			world.db,
			sup,
			{ participantId, to: 'exited', exitReason: 'moved', reason: 'Left', expectedVersion: version() },
			{ now: new Date('2026-04-01T12:00:00.000Z') }
		);
	}
	return participantId;
}

/** The card this person gets from their own view, or null when they may not see the participant. */
function ownCard(tx: Conn, viewer: Actor, participantId: string): ParticipantCard | null {
	try {
		return participantCardView(tx, viewer, participantId, { now: NOW });
	} catch (error) {
		if (error instanceof DomainError && error.code === 'forbidden') return null;
		throw error;
	}
}

beforeAll(() => {
	world = buildWorld();
	// And people whose role another agency of the same kind also holds (a sheriff's deputy beside
	// the city police): a consent naming one agency releases nothing to the other.
	const sheriff = ensureAgency(world.db, world.jurisdiction.id, {
		name: 'County Sheriff',
		shortName: 'Sheriff',
		kind: 'police'
	});
	const outreach = ensureAgency(world.db, world.jurisdiction.id, {
		name: 'Second Outreach',
		shortName: 'Outreach 2',
		kind: 'case_management'
	});
	const inAgency = (role: 'police_officer' | 'case_manager', agencyId: string) =>
		actorFor(
			buildUser(
				world.db,
				{
					...world,
					agencyIds: {
						...world.agencyIds,
						[role === 'police_officer' ? 'police' : 'case_management']: agencyId
					}
				},
				role
			)
		);
	viewers = [
		...Object.values(world.actors),
		world.otherCaseManager,
		world.otherDefender,
		inAgency('police_officer', sheriff.id),
		inAgency('case_manager', outreach.id)
	];
	participantIds = [
		participantWithRecords(true, false),
		participantWithRecords(false, false),
		participantWithRecords(true, true)
	];
}, 60_000);
afterAll(() => world?.close());

const ROLLBACK = new Error('rollback');

describe('redacting a board change once per audience', () => {
	it('gives every person exactly the card their own view gives them, for every role and consent', () => {
		let compared = 0;
		let shared = 0;
		let stoodIn = 0;
		let named = 0;
		for (const participantId of participantIds) {
			for (const c of consentCases()) {
				try {
					world.db.transaction((tx) => {
						if (c) insertConsent(tx, participantId, c);
						// Both orders: whoever comes first in an audience builds its card for the rest.
						for (const order of [viewers, [...viewers].reverse()]) {
							const viewOf = cardBroadcaster(tx, world.jurisdiction.id, participantId, { now: NOW });
							const audiences = new Set<string>();
							for (const viewer of order) {
								const { audience, card } = viewOf(viewer);
								const label = `${viewer.role} ${viewer.userId} ${c?.label ?? 'no consent'}`;
								expect(card, label).toEqual(ownCard(tx, viewer, participantId));
								expect(audience === null, label).toBe(card === null);
								if (audience !== null) audiences.add(audience);
								compared++;
							}
							shared += order.filter((v) => viewOf(v).audience !== null).length - audiences.size;
						}
						// A seat's stand-in sees what each of the seat's people the participant does not name sees.
						const standIns = cardBroadcaster(tx, world.jurisdiction.id, participantId, { now: NOW });
						for (const viewer of viewers) {
							if (standIns.named.includes(viewer.userId)) {
								named++;
								continue;
							}
							const label = `stand-in for ${viewer.role} ${viewer.userId} ${c?.label ?? 'no consent'}`;
							expect(standIns(seatStandIn(viewer)).card, label).toEqual(ownCard(tx, viewer, participantId));
							stoodIn++;
						}
						throw ROLLBACK;
					});
				} catch (error) {
					if (error !== ROLLBACK) throw error;
				}
			}
		}
		expect(compared).toBe(participantIds.length * consentCases().length * viewers.length * 2);
		// Some people do share a view (police officer and sergeant, at least), so the sharing is real.
		expect(shared).toBeGreaterThan(0);
		// The participants name a case manager (and one a defender), who were left to their own view.
		expect(named).toBeGreaterThan(0);
		expect(stoodIn + named).toBe(participantIds.length * consentCases().length * viewers.length);
	}, 120_000);

	it('hands one card object to everyone in an audience', () => {
		const viewOf = cardBroadcaster(world.db, world.jurisdiction.id, participantIds[0], { now: NOW });
		const officer = viewOf(world.actors.police_officer);
		const sergeant = viewOf(world.actors.police_sergeant);
		expect(sergeant.audience).toBe(officer.audience);
		expect(sergeant.card).toBe(officer.card);
		expect(viewOf(world.actors.case_manager).audience).not.toBe(officer.audience);
		expect(viewOf(world.actors.pcg_member)).toEqual({ audience: null, card: null });
	});

	it('seats a person read again with another role by the new role, never by the earlier reading', () => {
		const viewOf = cardBroadcaster(world.db, world.jurisdiction.id, participantIds[1], { now: NOW });
		const officer = world.actors.police_officer;
		expect(viewOf(officer).audience).not.toBeNull();
		// The same person, read again after an administrator moved them to the PCG.
		const reread: Actor = { ...officer, role: 'pcg_member' };
		expect(viewOf(reread)).toEqual({ audience: null, card: null });
		expect(viewOf(officer).audience).toBe(viewOf(world.actors.police_sergeant).audience);
	});
});
