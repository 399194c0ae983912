/**
 * The one policy module. Every channel (page loads, form actions, socket.io events and room
 * joins, Yjs room joins and writes, exports) asks it "may this actor do this action on this
 * resource?" and "which fields may this actor see?". Nothing else checks a role.
 */
import type { Role } from '../../shared/roles';
import { forbidden } from '../errors';
import type { Actor } from './actor';
import { participantRules, type ParticipantActionResources } from './participants';

export type { Actor } from './actor';
export {
	visibleCategories,
	redactedCategories,
	redactRow,
	INFORMATION_CATEGORIES,
	CATEGORY_LABELS,
	PARTICIPANT_ACTIONS,
	type ConsentGrant,
	type InformationCategory,
	type FieldCategory,
	type ParticipantResource,
	type ReferralResource
} from './participants';

/** A resource that belongs to a jurisdiction; every rule starts from this. */
export interface Scoped {
	jurisdictionId: string;
}

export interface MeetingResource extends Scoped {
	kind: 'operational_workgroup' | 'policy_group';
}

/** What each action is asked about. */
export interface ActionResources extends ParticipantActionResources {
	'app.use': Scoped;
	'presence.view': Scoped;
	'users.manage': Scoped;
	'meeting.notes.read': MeetingResource;
	'meeting.notes.write': MeetingResource;
}
export type Action = keyof ActionResources;

const POLICE: Role[] = ['police_officer', 'police_sergeant'];
const CASE_MANAGEMENT: Role[] = ['case_manager', 'case_manager_supervisor'];
/** The agencies that sit at the operational workgroup table. */
const WORKGROUP: Role[] = [...POLICE, 'prosecutor', 'defender', ...CASE_MANAGEMENT, 'facilitator'];

const roleIn = (roles: readonly Role[]) => (actor: Actor) => roles.includes(actor.role);

type Rule<A extends Action> = (actor: Actor, resource: ActionResources[A]) => boolean;

const rules: { [A in Action]: Rule<A> } = {
	'app.use': () => true,
	'presence.view': () => true,
	'users.manage': roleIn(['admin']),
	'meeting.notes.read': (actor, meeting) =>
		meeting.kind === 'operational_workgroup'
			? roleIn(WORKGROUP)(actor)
			: roleIn([...WORKGROUP, 'pcg_member', 'evaluator'])(actor),
	'meeting.notes.write': (actor, meeting) =>
		meeting.kind === 'operational_workgroup'
			? roleIn(WORKGROUP)(actor)
			: roleIn(['pcg_member', 'facilitator'])(actor),
	...participantRules
};

/** May this actor do this action on this resource? Never across jurisdictions. */
export function can<A extends Action>(actor: Actor, action: A, resource: ActionResources[A]): boolean {
	if (actor.jurisdictionId !== resource.jurisdictionId) return false;
	return rules[action](actor, resource);
}

/** Like `can`, but throws a `forbidden` domain error when the answer is no. */
export function authorize<A extends Action>(actor: Actor, action: A, resource: ActionResources[A]): void {
	if (!can(actor, action, resource)) throw forbidden();
}

/** Every action the module knows, for matrix tests and admin screens. */
export const ACTIONS = Object.keys(rules) as Action[];
