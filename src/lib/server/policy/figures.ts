/**
 * Who reads the program's figures: the Policy Coordinating Group, which oversees the program, and
 * those who run it (facilitator, supervisors, administrator). Figures never carry a participant;
 * the names of the officers who referred go only to those who supervise or run the referrals.
 * Administrators issue the API tokens a state dashboard reads the figures with.
 */
import type { Actor, Scoped } from './actor';
import { roleIn } from './roles';
import type { Role } from '../../shared/roles';

export interface FigureActionResources {
	'figures.read': Scoped;
	'figures.staff_names': Scoped;
	'api_tokens.manage': Scoped;
}

const FIGURE_READERS: readonly Role[] = [
	'pcg_member',
	'facilitator',
	'case_manager_supervisor',
	'police_sergeant',
	'admin'
];
const STAFF_NAME_READERS: readonly Role[] = [
	'facilitator',
	'case_manager_supervisor',
	'police_sergeant',
	'admin'
];

export const figureRules: {
	[A in keyof FigureActionResources]: (actor: Actor, resource: FigureActionResources[A]) => boolean;
} = {
	'figures.read': roleIn(FIGURE_READERS),
	'figures.staff_names': roleIn(STAFF_NAME_READERS),
	'api_tokens.manage': roleIn(['admin'])
};
