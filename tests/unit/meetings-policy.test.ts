import { describe, expect, it } from 'vitest';
import {
	can,
	roomCategories,
	roomMayShowParticipant,
	type Actor,
	type MeetingResource
} from '../../src/lib/server/policy';
import { MEETING_ACTIONS } from '../../src/lib/shared/meeting-values';
import { ROLES, type Role } from '../../src/lib/shared/roles';
import { ROLE_AGENCY } from '../helpers/factories';

const actor = (role: Role, overrides: Partial<Actor> = {}): Actor => ({
	userId: `u-${role}`,
	name: role,
	role,
	agencyId: `agency-${ROLE_AGENCY[role]}`,
	agencyKind: ROLE_AGENCY[role],
	jurisdictionId: 'kc',
	...overrides
});

/** Every agency invited: what each role may do is then the role's rule alone. */
const meeting = (overrides: Partial<MeetingResource> = {}): MeetingResource => ({
	jurisdictionId: 'kc',
	kind: 'operational_workgroup',
	status: 'live',
	organizerUserId: null,
	invitedAgencyIds: ROLES.map((r) => `agency-${ROLE_AGENCY[r]}`),
	invitedUserIds: [],
	...overrides
});

const allowedRoles = (action: (typeof MEETING_ACTIONS)[number], m: MeetingResource) =>
	ROLES.filter((r) => can(actor(r), action, m));

const WORKGROUP = [
	'police_officer',
	'police_sergeant',
	'prosecutor',
	'defender',
	'case_manager',
	'case_manager_supervisor',
	'facilitator'
];

describe('policy: meeting actions per role', () => {
	it('answers this matrix for a live workgroup meeting every agency is invited to', () => {
		const m = meeting();
		expect(allowedRoles('meeting.view', m)).toEqual([...ROLES]);
		expect(allowedRoles('meeting.steer', m)).toEqual(['facilitator']);
		expect(allowedRoles('meeting.end', m)).toEqual(['facilitator']);
		expect(allowedRoles('meeting.manage', m)).toEqual(['facilitator']);
		expect(allowedRoles('meeting.record', m)).toEqual(WORKGROUP);
		expect(allowedRoles('meeting.comment', m)).toEqual([...ROLES]);
		expect(allowedRoles('meeting.notes.read', m)).toEqual(WORKGROUP);
		expect(allowedRoles('meeting.notes.write', m)).toEqual(WORKGROUP);
		expect(allowedRoles('meeting.approve', m)).toEqual([]);
		expect(allowedRoles('meeting.agenda.build', m)).toEqual([]);
	});

	it('lets PCG members and the facilitator record and write PCG notes; workgroup roles and evaluators read them', () => {
		const m = meeting({ kind: 'policy_group' });
		expect(allowedRoles('meeting.record', m)).toEqual(['facilitator', 'pcg_member']);
		expect(allowedRoles('meeting.notes.write', m)).toEqual(['facilitator', 'pcg_member']);
		expect(allowedRoles('meeting.notes.read', m)).toEqual([...WORKGROUP, 'pcg_member', 'evaluator']);
		expect(allowedRoles('meeting.manage', m)).toEqual(['facilitator', 'admin']);
	});

	it('admits only invited members, the organiser, facilitators and administrators', () => {
		const m = meeting({
			invitedAgencyIds: ['agency-prosecution'],
			invitedUserIds: ['u-case_manager'],
			organizerUserId: 'u-defender'
		});
		expect(allowedRoles('meeting.view', m)).toEqual([
			'prosecutor',
			'defender',
			'case_manager',
			'facilitator',
			'admin'
		]);
		expect(can(actor('police_sergeant'), 'meeting.notes.read', m)).toBe(false);
		expect(can(actor('prosecutor'), 'meeting.notes.read', m)).toBe(true);
	});

	it('keeps a draft agenda to its organisers, and follows the meeting through its statuses', () => {
		expect(allowedRoles('meeting.agenda.view', meeting({ status: 'draft' }))).toEqual(['facilitator']);
		expect(allowedRoles('meeting.agenda.build', meeting({ status: 'draft' }))).toEqual(['facilitator']);
		expect(allowedRoles('meeting.comment', meeting({ status: 'draft' }))).toEqual([]);
		expect(allowedRoles('meeting.record', meeting({ status: 'ended' }))).toEqual(['facilitator']);
		expect(allowedRoles('meeting.approve', meeting({ status: 'ended' }))).toEqual(['facilitator']);
	});

	it('answers no to every meeting write once the minutes are approved', () => {
		const m = meeting({ status: 'approved' });
		for (const role of ROLES) {
			const allowed = MEETING_ACTIONS.filter((a) => can(actor(role), a, m));
			expect(
				allowed.every((a) => ['meeting.view', 'meeting.agenda.view', 'meeting.notes.read'].includes(a)),
				role
			).toBe(true);
		}
	});

	it('never answers yes across jurisdictions', () => {
		for (const role of ROLES) {
			for (const action of MEETING_ACTIONS)
				expect(can(actor(role, { jurisdictionId: 'santa-fe' }), action, meeting())).toBe(false);
		}
	});
});

describe('policy: the room screen shows what everyone present may see', () => {
	const p = { jurisdictionId: 'kc', caseManagerUserId: 'u-case_manager', defenderUserId: null };

	it('is the intersection of the attendees’ views', () => {
		const own = roomCategories([actor('case_manager')], p);
		expect(own.has('clinical')).toBe(true);
		const withProsecutor = roomCategories([actor('case_manager'), actor('prosecutor')], p);
		expect([...withProsecutor].sort()).toEqual(['contact_log', 'identity', 'legal', 'plan_summary']);
		const withFacilitator = roomCategories([actor('case_manager'), actor('facilitator')], p);
		expect(withFacilitator.has('clinical')).toBe(false);
		expect(withFacilitator.has('demographics')).toBe(true);
	});

	it('shows no identity, and not even the participant, once a PCG member is present', () => {
		const present = [actor('facilitator'), actor('prosecutor'), actor('pcg_member')];
		expect(roomMayShowParticipant(present, p)).toBe(false);
		expect(roomCategories(present, p).size).toBe(0);
		expect(roomMayShowParticipant(present.slice(0, 2), p)).toBe(true);
		expect(roomCategories(present.slice(0, 2), p).has('identity')).toBe(true);
	});

	it('widens by the participant’s consents exactly as each person’s own view does', () => {
		const present = [actor('case_manager'), actor('police_officer')];
		expect(roomCategories(present, p).has('clinical')).toBe(false);
		const consent = {
			participantId: 'p1',
			recipientAgencyKind: 'police' as const,
			categories: ['clinical' as const],
			startsAt: new Date(Date.now() - 86_400_000),
			expiresAt: null,
			revokedAt: null
		};
		expect(roomCategories(present, p, [consent]).has('clinical')).toBe(true);
		expect(roomCategories(present, p, [{ ...consent, revokedAt: new Date() }]).has('clinical')).toBe(false);
	});

	it('shows nothing of a participant when nobody is present', () => {
		expect(roomMayShowParticipant([], p)).toBe(false);
		expect(roomCategories([], p).size).toBe(0);
	});
});
