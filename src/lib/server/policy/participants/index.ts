/**
 * The participant part of the one policy module: who may act on a participant (`rules`), which
 * information categories each role sees (`visibility`), how consent widens them (`consent`), the
 * table that puts every participant field in a category (`fields`) and redaction (`redaction`).
 */
export { INFORMATION_CATEGORIES, type InformationCategory } from '../../../shared/participant-values';
export type { ParticipantResource, ReferralResource } from './resource';
export {
	CONSENT_RECIPIENT_KINDS,
	consentIsActive,
	consentNames,
	consentedCategories,
	type ConsentGrant
} from './consent';
export { audienceSeat, boardSeat, namedPeople, participantAudience, seatStandIn } from './audience';
export { part2NoticeApplies, part2NoticeOnPaper, redactedCategories, visibleCategories } from './visibility';
export {
	CLINICAL_GOAL_DOMAINS,
	FIELD_CATEGORIES,
	fieldCategory,
	type FieldCategory,
	type FieldRule
} from './fields';
export { redactRow, sees } from './redaction';
export {
	ASSIGNABLE_ROLES,
	mayBeAssigned,
	participantRules,
	type Assignment,
	type ParticipantActionResources
} from './rules';
