/**
 * The participant status lifecycle. No one fails LEAD: people are active, inactive or cannot be
 * located, and they exit for a reason; re-entry is a new referral, never a status change.
 */
import { STATUS_LABELS } from '../../shared/participant-labels';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { DomainError } from '../errors';
import { ERROR_CODES } from '../../shared/errors';
import {
	eligibilityScreenings,
	referrals,
	statusChanges,
	type ExitReason,
	type Participant,
	type ParticipantStatus
} from '../db/participants.schema';
import { authorize } from '../policy';
import {
	checkVersion,
	loadParticipant,
	participantResource,
	recordChange,
	touchParticipant,
	type MutationResult,
	participantCommand
} from './changes';
import { type Conn } from '../db';
import { changeStatusInput } from './schemas';
import { participantCardView } from './views';

/**
 * Where each status may go by a status change. `referred` is entered only by a referral (or by
 * a facilitator overriding a screening that screened the referral out).
 */
export const TRANSITIONS: Record<ParticipantStatus, readonly ParticipantStatus[]> = {
	screened_out: [],
	referred: ['assessment_pending', 'enrolled', 'unable_to_locate', 'exited'],
	assessment_pending: ['enrolled', 'unable_to_locate', 'exited'],
	enrolled: ['inactive', 'unable_to_locate', 'exited'],
	inactive: ['enrolled', 'unable_to_locate', 'exited'],
	unable_to_locate: ['assessment_pending', 'enrolled', 'inactive', 'exited'],
	exited: []
};

export function canTransition(from: ParticipantStatus, to: ParticipantStatus): boolean {
	return TRANSITIONS[from].includes(to);
}

/** Throws `invalid_input` with a clear message when a status change is not allowed. */
export function assertTransition(from: ParticipantStatus, to: ParticipantStatus): void {
	if (canTransition(from, to)) return;
	const message =
		from === 'exited'
			? 'An exited participant re-enters LEAD only through a new referral.'
			: from === 'screened_out'
				? 'A screened-out referral goes ahead only when a facilitator overrides the screening.'
				: to === 'referred'
					? 'A participant becomes "referred" only through a referral.'
					: `A participant cannot go from ${STATUS_LABELS[from]} to ${STATUS_LABELS[to]}.`;
	throw new DomainError(ERROR_CODES.INVALID_INPUT, message, { to: message });
}

/** The newest referral of a participant. */
export function latestReferral(tx: Conn, participantId: string) {
	return tx
		.select()
		.from(referrals)
		.where(eq(referrals.participantId, participantId))
		.orderBy(desc(referrals.occurredAt), desc(referrals.createdAt))
		.get();
}

/** Enrolment needs an eligible (or overridden) screening of the newest referral; it completes an open assessment. */
function enrol(tx: Conn, p: Participant, now: Date): void {
	const referral = latestReferral(tx, p.id);
	if (!referral) return;
	const screening = tx
		.select({ result: eligibilityScreenings.result })
		.from(eligibilityScreenings)
		.where(eq(eligibilityScreenings.referralId, referral.id))
		.get();
	if (screening?.result === 'ineligible') {
		const message =
			'The newest referral was screened ineligible; a facilitator may override the screening first.';
		throw new DomainError(ERROR_CODES.INVALID_INPUT, message, { to: message });
	}
	tx.update(referrals)
		.set({ assessmentCompletedAt: now })
		.where(and(eq(referrals.id, referral.id), isNull(referrals.assessmentCompletedAt)))
		.run();
}

export interface ChangeStatusResult extends MutationResult {
	status: ParticipantStatus;
	exitReason: ExitReason | null;
	version: number;
}

/** Moves a participant along the lifecycle, recording who, when and why. */
export const changeStatus = participantCommand({
	name: 'status.change',
	kind: 'status.changed',
	input: changeStatusInput,
	run({ tx, actor, now }, data): ChangeStatusResult {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'status.change', participantResource(p));
		checkVersion(p.version, data.expectedVersion, 'This participant', () =>
			participantCardView(tx, actor, p.id, { now })
		);
		assertTransition(p.status, data.to);
		if (data.to === 'enrolled') enrol(tx, p, now);
		const exitReason = data.exitReason ?? null;
		const version = touchParticipant(tx, p, now, { status: data.to, exitReason, statusChangedAt: now });
		tx.insert(statusChanges)
			.values({
				participantId: p.id,
				fromStatus: p.status,
				toStatus: data.to,
				exitReason,
				reason: data.reason,
				changedByUserId: actor.userId,
				createdAt: now
			})
			.run();
		const headline = `Status: ${STATUS_LABELS[p.status]} → ${STATUS_LABELS[data.to]}${exitReason ? ` (${exitReason})` : ''}.`;
		const seq = recordChange(
			tx,
			actor,
			{
				participantId: p.id,
				kind: 'status.changed',
				segments: [
					{ c: 'core', t: headline },
					{ c: 'case_notes', t: data.reason }
				]
			},
			now
		);
		return { participantId: p.id, seq, status: data.to, exitReason, version };
	}
});

export { STATUS_LABELS };
