import { afterEach, describe, expect, it, vi } from 'vitest';
import { changesSince } from '../../src/lib/server/participants/board';
import {
	announceConsentExpiries,
	watchConsentExpiry,
	type ConsentExpired
} from '../../src/lib/server/participants/consent-expiry';
import { buildParticipant, buildWorld, type World } from '../helpers/factories';
import { recordConsent, revokeConsent } from '../helpers/commands';

const SIGNED = new Date('2026-03-02T12:00:00.000Z');
/** 10 March ends at 07:00 UTC on the 11th in Seattle (daylight time from 8 March). */
const EXPIRES = new Date('2026-03-11T07:00:00.000Z');

let world: World;
afterEach(() => {
	vi.useRealTimers();
	world?.close();
});

function consentUntil10March() {
	world = buildWorld();
	const { participantId } = buildParticipant(world, { now: SIGNED });
	const consent = recordConsent(
		world.db,
		world.actors.case_manager,
		{
			participantId,
			recipient: `agency:${world.agencyIds.police}`,
			categories: ['clinical'],
			purpose: 'Treatment coordination',
			signedOn: '2026-03-02',
			until: 'date',
			validUntil: '2026-03-10'
		},
		{ now: SIGNED }
	);
	return consent;
}

describe('consents that run out by date', () => {
	it('are announced once, with a change-log row a reconnecting client catches up from', () => {
		const { participantId, consentId } = consentUntil10March();
		expect(announceConsentExpiries(world.db, new Date(EXPIRES.getTime() - 1))).toEqual([]);
		const announced = announceConsentExpiries(world.db, EXPIRES);
		expect(announced).toEqual([
			expect.objectContaining({ participantId, consentId, jurisdictionId: world.jurisdiction.id })
		]);
		expect(announceConsentExpiries(world.db, new Date(EXPIRES.getTime() + 60_000))).toEqual([]);
		const changes = changesSince(world.db, world.actors.police_officer, 0).changes;
		expect(changes.at(-1)).toMatchObject({ participantId, kind: 'consent.expired', seq: announced[0].seq });
	});

	it('are not announced as expiring once revoked (the revocation was the change)', () => {
		const { participantId, consentId, version } = consentUntil10March();
		revokeConsent(
			world.db,
			world.actors.case_manager,
			{ participantId, consentId, expectedVersion: version, reason: 'Withdrawn' },
			{ now: SIGNED }
		);
		expect(announceConsentExpiries(world.db, EXPIRES)).toEqual([]);
	});

	it('reach open screens at the instant they expire: the timer is set for the next expiry', () => {
		const { participantId } = consentUntil10March();
		vi.useFakeTimers({ now: EXPIRES.getTime() - 45_000 });
		const seen: { at: number; expired: ConsentExpired[] }[] = [];
		const watcher = watchConsentExpiry(world.db, (expired) => seen.push({ at: Date.now(), expired }));
		try {
			vi.advanceTimersByTime(44_999);
			expect(seen).toEqual([]);
			vi.advanceTimersByTime(1);
			expect(seen).toEqual([
				{ at: EXPIRES.getTime(), expired: [expect.objectContaining({ participantId })] }
			]);
			vi.advanceTimersByTime(10 * 60_000);
			expect(seen).toHaveLength(1);
		} finally {
			watcher.stop();
		}
	});

	it('notice a consent recorded after the timer was set once re-armed', () => {
		world = buildWorld();
		vi.useFakeTimers({ now: EXPIRES.getTime() - 5_000 });
		const seen: ConsentExpired[] = [];
		const watcher = watchConsentExpiry(world.db, (expired) => seen.push(...expired), { maxWaitMs: 60_000 });
		try {
			const { participantId } = buildParticipant(world, { now: SIGNED });
			recordConsent(
				world.db,
				world.actors.case_manager,
				{
					participantId,
					recipient: 'kind:police',
					categories: ['plan'],
					purpose: 'Coordination',
					signedOn: '2026-03-02',
					until: 'date',
					validUntil: '2026-03-10'
				},
				{ now: SIGNED }
			);
			watcher.rearm();
			vi.advanceTimersByTime(5_000);
			expect(seen.map((e) => e.participantId)).toEqual([participantId]);
		} finally {
			watcher.stop();
		}
	});
});
