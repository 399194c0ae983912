/** The demo roster seeded into a test world, with the world's users playing the demo's parts. */
import { seedDemoRoster } from '../../src/lib/server/demo/roster';
import type { World } from './factories';

export function seedDemoRosterIn(world: World, now: Date) {
	const u = world.users;
	return seedDemoRoster(world.db, {
		jurisdictionId: world.jurisdiction.id,
		now,
		users: {
			officer: u.police_officer.id,
			sergeant: u.police_sergeant,
			prosecutor: u.prosecutor.id,
			defender: u.defender.id,
			caseManager: u.case_manager.id,
			supervisor: u.case_manager_supervisor.id,
			facilitator: u.facilitator.id
		}
	});
}
