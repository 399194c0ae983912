import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { meetings, user } from '../../src/lib/server/db/schema';
import { describeNotesReaders } from '../../src/lib/server/notes/readers';
import { buildUser, buildWorld, type World } from '../helpers/factories';

let world: World;
afterEach(() => world?.close());

function meeting(kind: 'operational_workgroup' | 'policy_group') {
	return world.db
		.insert(meetings)
		.values({
			jurisdictionId: world.jurisdiction.id,
			kind,
			title: 'Notes test',
			startsAt: new Date(),
			// Every agency invited: the line then shows what the roles alone allow.
			invitedAgencyIds: Object.values(world.agencyIds)
		})
		.returning()
		.get();
}

describe('who can read a meeting’s notes, as the line above the editor says it', () => {
	it('names the workgroup table’s roles and counts the people the policy lets read', () => {
		world = buildWorld();
		const line = describeNotesReaders(world.db, meeting('operational_workgroup'));
		// buildWorld adds a second case manager and a second defender.
		expect(line).toBe(
			'Police officer, police sergeant, prosecutor, public defenders, case managers, case management supervisor and facilitator (9 people).'
		);
		expect(line).not.toMatch(/evaluator|Policy Coordinating Group|administrator/i);
	});

	it('says which PCG readers cannot edit, and leaves out disabled accounts', () => {
		world = buildWorld();
		buildUser(world.db, world, 'pcg_member');
		world.db.update(user).set({ disabled: true }).where(eq(user.id, world.users.evaluator.id)).run();
		const line = describeNotesReaders(world.db, meeting('policy_group'));
		expect(line).toMatch(/^Facilitator and Policy Coordinating Group members \(\d+ people\)\. Read only: /);
		expect(line).toContain('Read only: police officer, police sergeant, prosecutor');
		expect(line).not.toContain('evaluator');
	});
});
