/**
 * The one door for every change to the participant board, whichever channel it came through
 * (form action or socket event): run the domain function, which validates, checks the policy and
 * stores in one transaction; only then tell the realtime layer, which fans the change out.
 */
import type { BoardOperation } from '../../shared/board-events';
import { auditingRefusal, claimedId } from '../audit/refusals';
import {
	addContact,
	addLegalMatter,
	addPlanGoal,
	assignCaseManager,
	assignDefender,
	changeStatus,
	claimParticipant,
	createReferral,
	overrideEligibility,
	postUpdate,
	recordDeadlineOutcome,
	setChargingDecision,
	updateLegalMatter,
	updatePlanGoal,
	type MutationOptions,
	type MutationResult
} from '../participants';
import { recordConsent, renewConsent, revokeConsent } from '../participants/consents';
import type { Conn } from '../participants/mutations';
import type { Actor } from '../policy';
import type { Services } from '../services';

type Operation = (db: Conn, actor: Actor, input: unknown, opts?: MutationOptions) => MutationResult;

export const OPERATIONS: Record<BoardOperation, Operation> = {
	'referral.create': createReferral,
	'eligibility.override': overrideEligibility,
	'status.change': changeStatus,
	'goal.add': addPlanGoal,
	'goal.update': updatePlanGoal,
	'legal.add': addLegalMatter,
	'legal.update': updateLegalMatter,
	'legal.chargingDecision': setChargingDecision,
	'deadline.outcome': recordDeadlineOutcome,
	'contact.add': addContact,
	'update.post': postUpdate,
	'participant.claim': claimParticipant,
	'caseManager.assign': assignCaseManager,
	'defender.assign': assignDefender,
	'consent.record': recordConsent,
	'consent.renew': renewConsent,
	'consent.revoke': revokeConsent
};

/**
 * Stores one change and announces it; throws a DomainError (nothing stored) when refused, and a
 * refusal by the policy is recorded in the audit trail as denied.
 */
export function applyBoardMutation<R extends MutationResult>(
	services: Pick<Services, 'db' | 'events'>,
	actor: Actor,
	op: BoardOperation,
	input: unknown,
	opts: MutationOptions = {}
): R {
	const attempt = {
		action: 'participant.write',
		objectType: 'participant',
		objectId: claimedId(input, 'participantId'),
		sourceAddress: opts.sourceAddress ?? null,
		detail: { kind: op }
	} as const;
	const result = auditingRefusal(services.db, actor, attempt, () =>
		OPERATIONS[op](services.db, actor, input, opts)
	) as R;
	services.events.emit('participant-changed', {
		jurisdictionId: actor.jurisdictionId,
		participantId: result.participantId,
		seq: result.seq,
		kind: op,
		actorUserId: actor.userId
	});
	return result;
}
