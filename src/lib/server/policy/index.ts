/**
 * The one policy module. Every channel (page loads, form actions, socket.io events and room
 * joins, Yjs room joins and writes, exports) asks it "may this actor do this action on this
 * resource?" and "which fields may this actor see?". Nothing else checks a role.
 */
import { forbidden } from '../errors';
import type { Actor, Scoped } from './actor';
import { participantRules, type ParticipantActionResources } from './participants';
import { auditRules, type AuditActionResources } from './audit';
import { meetingRules, type MeetingActionResources } from './meetings';
import { programRules, type ProgramActionResources } from './program';
import { figureRules, type FigureActionResources } from './figures';
import { notificationRules, type NotificationActionResources } from './notifications';
import { evaluationRules, type EvaluationActionResources } from './evaluation';
import { roleIn } from './roles';

export { sameAccess, type Actor, type Scoped } from './actor';
export { notificationCandidates, type NotifyRule } from './notifications';
export {
	visibleCategories,
	audienceSeat,
	boardSeat,
	namedPeople,
	participantAudience,
	seatStandIn,
	redactedCategories,
	redactRow,
	sees,
	fieldCategory,
	part2NoticeApplies,
	part2NoticeOnPaper,
	consentIsActive,
	INFORMATION_CATEGORIES,
	type ConsentGrant,
	type InformationCategory,
	type FieldCategory,
	type ParticipantResource,
	type ReferralResource
} from './participants';

export {
	roomCategories,
	roomMayShowParticipant,
	mayAttend,
	DECISION_CATEGORY,
	ACTION_ITEM_CATEGORY,
	COMMENT_CATEGORY,
	type MeetingResource,
	type MeetingKindResource,
	type ActionItemResource
} from './meetings';

/** What each action is asked about. */
export interface ActionResources
	extends
		ParticipantActionResources,
		AuditActionResources,
		MeetingActionResources,
		ProgramActionResources,
		NotificationActionResources,
		FigureActionResources,
		EvaluationActionResources {
	'app.use': Scoped;
	'presence.view': Scoped;
	'users.manage': Scoped;
}
export type Action = keyof ActionResources;

type Rule<A extends Action> = (actor: Actor, resource: ActionResources[A]) => boolean;

const rules: { [A in Action]: Rule<A> } = {
	'app.use': () => true,
	'presence.view': () => true,
	'users.manage': roleIn(['admin']),
	...participantRules,
	...auditRules,
	...meetingRules,
	...programRules,
	...figureRules,
	...notificationRules,
	...evaluationRules
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
