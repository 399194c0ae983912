/**
 * Which information categories each role sees of a participant, widened by consent.
 *
 * Baseline choices (the consent issue widens them by the participant's release of information):
 * - Case management: a case manager sees every category for the participants they are assigned;
 *   a supervisor sees every category for everyone. A case manager covering a colleague's
 *   participant sees all but clinical detail and case notes ("minimum necessary").
 * - Police: identity (they referred and meet the person; knowing someone is in LEAD is what lets
 *   an officer divert instead of book on a new contact), legal matters and the contact log (the
 *   issue: police see legal matters; officers learn what happened to people they referred), and
 *   plan *progress* only (non-clinical domain and status: the Golden Rules let case managers
 *   confirm engagement and progress, not specifics that could prompt enforcement). No
 *   demographics (kept for disparity reporting, not enforcement), no clinical, no case notes.
 * - Prosecutor: the same as police. The liaison prosecutor coordinates charging with the plan,
 *   which needs identity, legal and progress, never treatment detail.
 * - Defender: for the participants they represent, identity, legal, contact log (a new arrest
 *   becomes their case) and plan progress (to argue for holding a charge); for anyone else only
 *   what every workgroup member sees.
 * - Facilitator: runs the meeting and keeps the roster, so identity, demographics (disparity
 *   figures for the PCG), contact log, legal and non-clinical plan detail; no clinical detail and
 *   no case notes (updates may carry health detail).
 * - PCG members, evaluators and administrators see no individual participant.
 * Everyone who may see a participant at all sees the `core` fields: program code, status, case
 * manager, flags and the assessment clock.
 */
import { INFORMATION_CATEGORIES, type InformationCategory } from '../../../shared/participant-values';
import type { Actor } from '../actor';
import { CRIMINAL_JUSTICE_ROLES, WORKGROUP } from '../roles';
import { consentedCategories, type ConsentGrant } from './consent';
import { isOwnCaseManager, isOwnDefender, type ParticipantResource } from './resource';

/** What 42 CFR Part 2 protects: clinical records, and the case notes that come from the treatment provider. */
const PART2_CATEGORIES: readonly InformationCategory[] = ['clinical', 'case_notes'];

const ALL: readonly InformationCategory[] = INFORMATION_CATEGORIES;
const CRIMINAL_JUSTICE: readonly InformationCategory[] = ['identity', 'contact_log', 'legal', 'plan_summary'];
const NON_CLINICAL: readonly InformationCategory[] = ALL.filter((c) => !PART2_CATEGORIES.includes(c));

function baselineCategories(actor: Actor, p: ParticipantResource): readonly InformationCategory[] {
	switch (actor.role) {
		case 'case_manager_supervisor':
			return ALL;
		case 'case_manager':
			return isOwnCaseManager(actor, p) ? ALL : NON_CLINICAL;
		case 'police_officer':
		case 'police_sergeant':
		case 'prosecutor':
			return CRIMINAL_JUSTICE;
		case 'defender':
			return isOwnDefender(actor, p) ? CRIMINAL_JUSTICE : [];
		case 'facilitator':
			return NON_CLINICAL;
		default:
			return [];
	}
}

/**
 * The information categories this actor may see of this participant: the role's baseline,
 * widened only by the participant's active consents that name the actor's agency.
 */
export function visibleCategories(
	actor: Actor,
	participant: ParticipantResource,
	consents: readonly ConsentGrant[] = [],
	now: Date = new Date()
): ReadonlySet<InformationCategory> {
	if (actor.jurisdictionId !== participant.jurisdictionId) return new Set();
	if (!WORKGROUP.includes(actor.role)) return new Set();
	const visible = new Set(baselineCategories(actor, participant));
	for (const c of consentedCategories(actor, participant, consents, now)) visible.add(c);
	return visible;
}

/** Must what this actor sees carry the 42 CFR Part 2 redisclosure notice? */
export function part2NoticeApplies(actor: Actor, visible: ReadonlySet<InformationCategory>): boolean {
	return CRIMINAL_JUSTICE_ROLES.includes(actor.role) && PART2_CATEGORIES.some((c) => visible.has(c));
}

/**
 * Must a printed copy carry the 42 CFR Part 2 redisclosure notice on every page? Paper leaves the
 * program (a case manager takes it to court), so it does whenever what this person may print
 * includes a Part 2 category, whoever prints it.
 */
export function part2NoticeOnPaper(visible: ReadonlySet<InformationCategory>): boolean {
	return PART2_CATEGORIES.some((c) => visible.has(c));
}

/** Categories that exist but are withheld from this actor, whether or not this participant has data in them. */
export function redactedCategories(visible: ReadonlySet<InformationCategory>): InformationCategory[] {
	return INFORMATION_CATEGORIES.filter((c) => !visible.has(c));
}
