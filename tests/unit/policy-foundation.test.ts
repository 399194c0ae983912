import { describe, expect, it } from 'vitest';
import { can, type Actor } from '../../src/lib/server/policy';
import { ROLES, type Role } from '../../src/lib/shared/roles';

const actor = (role: Role, jurisdictionId = 'kc'): Actor => ({
	userId: `u-${role}`,
	name: role,
	role,
	agencyId: 'a',
	agencyKind: 'program',
	jurisdictionId
});
// Every actor below belongs to agency 'a', which these meetings invite (invitations: policy/meetings.ts).
const invited = {
	status: 'published' as const,
	organizerUserId: null,
	invitedAgencyIds: ['a'],
	invitedUserIds: []
};
const workgroup = { jurisdictionId: 'kc', kind: 'operational_workgroup' as const, ...invited };
const pcg = { jurisdictionId: 'kc', kind: 'policy_group' as const, ...invited };

describe('policy: accounts and meeting notes', () => {
	it('lets only an admin manage accounts', () => {
		const allowed = ROLES.filter((r) => can(actor(r), 'users.manage', { jurisdictionId: 'kc' }));
		expect(allowed).toEqual(['admin']);
	});

	it('opens workgroup notes to the agencies at the table, and not to PCG members or evaluators', () => {
		const readers = ROLES.filter((r) => can(actor(r), 'meeting.notes.read', workgroup));
		expect(readers).toEqual([
			'police_officer',
			'police_sergeant',
			'prosecutor',
			'defender',
			'case_manager',
			'case_manager_supervisor',
			'facilitator'
		]);
	});

	it('lets police read but not write Policy Coordinating Group notes', () => {
		expect(can(actor('police_sergeant'), 'meeting.notes.read', pcg)).toBe(true);
		expect(can(actor('police_sergeant'), 'meeting.notes.write', pcg)).toBe(false);
		expect(can(actor('pcg_member'), 'meeting.notes.write', pcg)).toBe(true);
	});

	it('never answers yes across jurisdictions', () => {
		for (const role of ROLES) {
			expect(can(actor(role, 'santa-fe'), 'presence.view', { jurisdictionId: 'kc' })).toBe(false);
			expect(can(actor(role, 'santa-fe'), 'meeting.notes.read', workgroup)).toBe(false);
		}
	});
});
