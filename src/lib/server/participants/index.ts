/**
 * The participant domain as routes and socket handlers read it: views, the change log, labels.
 * Its changes are commands (`../commands`), run through `execute`.
 */
export { activeRuleSet, screen } from './eligibility';
export { TRANSITIONS, STATUS_LABELS, assertTransition, canTransition } from './lifecycle';
export { GOAL_DOMAIN_LABELS, GOAL_STATUS_LABELS } from './plans';
export { CHARGING_DECISION_LABELS, DEADLINE_OUTCOME_LABELS } from './legal';
export { CONTACT_KIND_LABELS } from './contacts';
export {
	participantCardView,
	participantCardsView,
	cardBroadcaster,
	participantDetailView,
	rosterView,
	allowedActions,
	type ParticipantCard,
	type ParticipantDetail,
	type RosterView,
	type ViewOptions
} from './views';
export { changesSince, latestSeq } from './board';
export { daysLeft, assessmentDueAt, deadlineState } from './deadline';
export { participantScope, type MutationResult } from './changes';
export type { RosterQuery } from './schemas';
export { ROSTER_FLAGS, type RosterFlag } from '../../shared/participant-values';
export { KING_COUNTY_RULES, SANTA_FE_RULES, ALBANY_RULES, type RuleSet } from './rule-sets';
