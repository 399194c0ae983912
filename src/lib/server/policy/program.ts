/**
 * Who sets up and runs a jurisdiction's program: its administrator keeps the settings, agencies
 * and people; the administrator and the facilitator (who keeps the roster and runs the meetings)
 * edit and publish the eligibility rules; the Policy Coordinating Group, which chooses the
 * eligible offences, reads the history of every version and who approved it.
 */
import type { Actor, Scoped } from './actor';
import { roleIn } from './roles';
import type { Role } from '../../shared/roles';

export interface ProgramActionResources {
	'program.manage': Scoped;
	'rules.edit': Scoped;
	'rules.publish': Scoped;
	'rules.history': Scoped;
	'roster.import': Scoped;
}

const ADMIN: readonly Role[] = ['admin'];
const RULE_KEEPERS: readonly Role[] = ['admin', 'facilitator'];
const RULE_READERS: readonly Role[] = ['admin', 'facilitator', 'pcg_member'];

export const programRules: {
	[A in keyof ProgramActionResources]: (actor: Actor, resource: ProgramActionResources[A]) => boolean;
} = {
	'program.manage': roleIn(ADMIN),
	'rules.edit': roleIn(RULE_KEEPERS),
	'rules.publish': roleIn(RULE_KEEPERS),
	'rules.history': roleIn(RULE_READERS),
	'roster.import': roleIn(RULE_KEEPERS)
};
