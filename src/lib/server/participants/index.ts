/** The participant domain layer: the functions routes and socket handlers call. */
export { createReferral, type CreateReferralResult } from './referrals';
export { overrideEligibility, installRuleSet, activeRuleSet, screen } from './eligibility';
export { changeStatus, TRANSITIONS, STATUS_LABELS, assertTransition, canTransition } from './lifecycle';
export { addPlanGoal, updatePlanGoal, GOAL_DOMAIN_LABELS, GOAL_STATUS_LABELS } from './plans';
export {
	addLegalMatter,
	updateLegalMatter,
	setChargingDecision,
	recordDeadlineOutcome,
	CHARGING_DECISION_LABELS,
	DEADLINE_OUTCOME_LABELS
} from './legal';
export { addContact, CONTACT_KIND_LABELS } from './contacts';
export { postUpdate } from './updates';
export { assignCaseManager, assignDefender, claimParticipant } from './roster';
export {
	participantCardView,
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
export { pruneIdempotencyKeys, type Conn, type MutationOptions, type MutationResult } from './mutations';
export type { RosterQuery } from './schemas';
export { ROSTER_FLAGS, type RosterFlag } from '../../shared/participant-values';
export { seedDemoRoster } from './demo-roster';
export { KING_COUNTY_RULES, SANTA_FE_RULES, ALBANY_RULES, type RuleSet } from './rule-sets';
export { participantScope } from './mutations';
