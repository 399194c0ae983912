import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/policy';
import {
	consentIsActive,
	part2NoticeApplies,
	visibleCategories,
	type ConsentGrant,
	type ParticipantResource
} from '../../src/lib/server/policy/participants';
import { ROLES, type AgencyKind, type Role } from '../../src/lib/shared/roles';
import { ROLE_AGENCY } from '../helpers/factories';

const J = 'kc';
const NOW = new Date('2026-05-01T12:00:00Z');
const DAY = 86_400_000;
const AGENCY_ID: Record<AgencyKind, string> = {
	police: 'agency-hcpd',
	prosecution: 'agency-pao',
	defense: 'agency-dpd',
	case_management: 'agency-outreach',
	program: 'agency-program',
	policy_group: 'agency-pcg',
	evaluation: 'agency-eval'
};
const actor = (role: Role, agencyId = AGENCY_ID[ROLE_AGENCY[role]]): Actor => ({
	userId: `u-${role}`,
	name: role,
	role,
	agencyId,
	agencyKind: ROLE_AGENCY[role],
	jurisdictionId: J
});
const participant: ParticipantResource = {
	jurisdictionId: J,
	caseManagerUserId: 'u-case_manager',
	defenderUserId: 'u-defender',
	participantId: 'p1'
};
const grant = (overrides: Partial<ConsentGrant> = {}): ConsentGrant => ({
	participantId: 'p1',
	recipientAgencyId: AGENCY_ID.police,
	recipientAgencyKind: null,
	categories: ['clinical', 'plan'],
	startsAt: new Date(NOW.getTime() - 30 * DAY),
	expiresAt: new Date(NOW.getTime() + 30 * DAY),
	revokedAt: null,
	...overrides
});
const sees = (a: Actor, grants: ConsentGrant[], now = NOW) => visibleCategories(a, participant, grants, now);

describe('a consent widens what its named agency sees, and only while it is in force', () => {
	it('gives a police officer clinical and plan detail when an active consent names the police department', () => {
		expect(sees(actor('police_officer'), []).has('clinical')).toBe(false);
		const widened = sees(actor('police_officer'), [grant()]);
		expect([...widened].sort()).toEqual(
			['clinical', 'contact_log', 'identity', 'legal', 'plan', 'plan_summary'].sort()
		);
	});

	it('names every agency of a kind when the consent names the kind', () => {
		const byKind = grant({ recipientAgencyId: null, recipientAgencyKind: 'police' });
		expect(sees(actor('police_sergeant', 'another-police-dept'), [byKind]).has('clinical')).toBe(true);
		expect(sees(actor('prosecutor'), [byKind]).has('clinical')).toBe(false);
	});

	it('widens nothing for another agency, even of the same kind', () => {
		expect(sees(actor('police_officer', 'another-police-dept'), [grant()]).has('clinical')).toBe(false);
		expect(sees(actor('prosecutor'), [grant()]).has('clinical')).toBe(false);
	});

	it.each([
		['expired', grant({ expiresAt: new Date(NOW.getTime() - 1) })],
		['expiring this very instant', grant({ expiresAt: NOW })],
		['revoked', grant({ revokedAt: new Date(NOW.getTime() - DAY) })],
		['revoked with a time still to come', grant({ revokedAt: new Date(NOW.getTime() + DAY) })],
		['signed on a day still to come', grant({ startsAt: new Date(NOW.getTime() + 1) })],
		['ended by the participant’s exit', grant({ expiresAt: new Date(NOW.getTime() - DAY) })],
		['for another participant', grant({ participantId: 'p2' })],
		['signed on an unreadable date', grant({ startsAt: new Date(Number.NaN) })],
		['ending on an unreadable date', grant({ expiresAt: new Date(Number.NaN) })]
	])('widens nothing when %s', (_label, g) => {
		expect(consentIsActive(g, NOW) && g.participantId === 'p1').toBe(false);
		expect([...sees(actor('police_officer'), [g])].sort()).toEqual(
			[...sees(actor('police_officer'), [])].sort()
		);
	});

	it('runs until the participant exits when it has no end date', () => {
		expect(sees(actor('police_officer'), [grant({ expiresAt: null })]).has('clinical')).toBe(true);
	});

	it('releases plan progress with plan detail, so the detail has goals to attach to', () => {
		const defender = actor('defender');
		const notTheirs = { ...participant, defenderUserId: 'someone-else' };
		const planOnly = grant({ recipientAgencyId: AGENCY_ID.defense, categories: ['plan'] });
		expect([...visibleCategories(defender, notTheirs, [planOnly], NOW)].sort()).toEqual([
			'plan',
			'plan_summary'
		]);
	});

	it('never lets a role that sees no individual participant see one, whatever the consent says', () => {
		for (const role of ['pcg_member', 'evaluator', 'admin'] as const) {
			const kind = ROLE_AGENCY[role];
			const g = grant({
				recipientAgencyId: null,
				recipientAgencyKind: kind,
				categories: ['identity', 'clinical']
			});
			expect(sees(actor(role), [g]).size, role).toBe(0);
		}
	});

	it('never crosses jurisdictions', () => {
		const elsewhere = { ...actor('police_officer'), jurisdictionId: 'other' };
		expect(sees(elsewhere, [grant()]).size).toBe(0);
	});

	it('leaves every role’s baseline as it was when there is no consent', () => {
		for (const role of ROLES) {
			const g = grant({
				recipientAgencyId: 'nobody',
				categories: ['clinical', 'case_notes', 'demographics']
			});
			expect([...sees(actor(role), [g])].sort(), role).toEqual([...sees(actor(role), [])].sort());
		}
	});
});

describe('the 42 CFR Part 2 notice', () => {
	it('applies when clinical records or case notes reach a criminal-justice role', () => {
		const clinical = new Set(['identity', 'clinical'] as const);
		const notes = new Set(['case_notes'] as const);
		for (const role of ['police_officer', 'police_sergeant', 'prosecutor', 'defender'] as const) {
			expect(part2NoticeApplies(actor(role), clinical), role).toBe(true);
			expect(part2NoticeApplies(actor(role), notes), role).toBe(true);
			expect(part2NoticeApplies(actor(role), new Set(['identity', 'plan'] as const)), role).toBe(false);
		}
	});

	it('does not apply to the treatment provider’s own staff or the program office', () => {
		const clinical = new Set(['clinical'] as const);
		for (const role of ['case_manager', 'case_manager_supervisor', 'facilitator'] as const) {
			expect(part2NoticeApplies(actor(role), clinical), role).toBe(false);
		}
	});
});
