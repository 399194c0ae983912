/**
 * Legal coordination: participants' legal matters (case, charge, court date), the prosecutor's
 * charging decision on each, and the prosecutor's record of what was done about an assessment
 * deadline (overdue changes nothing by itself).
 */
import { DEADLINE_OUTCOME_LABELS } from '../../shared/participant-labels';
import { CHARGING_DECISION_LABELS } from '../../shared/participant-labels';
import { and, eq } from 'drizzle-orm';
import { legalMatters, referrals } from '../db/participants.schema';
import { conflict, notFound } from '../errors';
import { authorize } from '../policy';
import { dayNumberOf, endOfLocalDay, localDayNumber } from '../../shared/zoned';
import {
	checkVersion,
	loadJurisdiction,
	loadParticipant,
	participantResource,
	recordChange,
	visibleRecord,
	type MutationResult,
	participantCommand
} from './changes';
import { invalidField } from '../commands/kernel';
import { type Conn } from '../db';
import {
	addLegalMatterInput,
	recordDeadlineOutcomeInput,
	setChargingDecisionInput,
	updateLegalMatterInput
} from './schemas';

export interface LegalMatterResult extends MutationResult {
	legalMatterId: string;
	version: number;
}

function loadMatter(tx: Conn, participantId: string, legalMatterId: string) {
	const m = tx
		.select()
		.from(legalMatters)
		.where(and(eq(legalMatters.id, legalMatterId), eq(legalMatters.participantId, participantId)))
		.get();
	if (!m) throw notFound('Legal matter');
	return m;
}

export const addLegalMatter = participantCommand({
	name: 'legal.add',
	kind: 'legal.matter_added',
	input: addLegalMatterInput,
	run({ tx, actor, now }, data): LegalMatterResult {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'legal.manage', participantResource(p));
		const m = tx
			.insert(legalMatters)
			.values({
				participantId: p.id,
				caseNumber: data.caseNumber,
				court: data.court,
				charge: data.charge,
				nextCourtDate: data.nextCourtDate ?? null,
				createdByUserId: actor.userId,
				createdAt: now,
				updatedAt: now
			})
			.returning()
			.get();
		const court = m.nextCourtDate ? ` Next court date ${m.nextCourtDate.toISOString().slice(0, 10)}.` : '';
		const seq = recordChange(
			tx,
			actor,
			{
				participantId: p.id,
				kind: 'legal.matter_added',
				segments: [{ c: 'legal', t: `Legal matter ${m.caseNumber} (${m.court}): ${m.charge}.${court}` }],
				refs: { legalMatterId: m.id }
			},
			now
		);
		return { participantId: p.id, seq, legalMatterId: m.id, version: m.version };
	}
});

export const updateLegalMatter = participantCommand({
	name: 'legal.update',
	kind: 'legal.matter_updated',
	input: updateLegalMatterInput,
	run({ tx, actor, now }, data): LegalMatterResult {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'legal.manage', participantResource(p));
		const m = loadMatter(tx, p.id, data.legalMatterId);
		checkVersion(m.version, data.expectedVersion, 'This legal matter', () =>
			visibleRecord('legal_matters', m, actor, p)
		);
		const next = {
			court: data.court ?? m.court,
			nextCourtDate: data.nextCourtDate === undefined ? m.nextCourtDate : data.nextCourtDate,
			status: data.status ?? m.status,
			version: m.version + 1,
			updatedAt: now
		};
		tx.update(legalMatters).set(next).where(eq(legalMatters.id, m.id)).run();
		const court = next.nextCourtDate
			? `next court date ${next.nextCourtDate.toISOString().slice(0, 10)}`
			: 'no court date';
		const seq = recordChange(
			tx,
			actor,
			{
				participantId: p.id,
				kind: 'legal.matter_updated',
				segments: [
					{ c: 'legal', t: `Legal matter ${m.caseNumber} updated: ${next.status}, ${next.court}, ${court}.` }
				],
				refs: { legalMatterId: m.id }
			},
			now
		);
		return { participantId: p.id, seq, legalMatterId: m.id, version: next.version };
	}
});

/** Only the prosecutor sets a charging decision. */
export const setChargingDecision = participantCommand({
	name: 'legal.chargingDecision',
	kind: 'legal.charging_decision',
	input: setChargingDecisionInput,
	run({ tx, actor, now }, data): LegalMatterResult {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'legal.chargingDecision', participantResource(p));
		const m = loadMatter(tx, p.id, data.legalMatterId);
		checkVersion(m.version, data.expectedVersion, 'This legal matter', () =>
			visibleRecord('legal_matters', m, actor, p)
		);
		const version = m.version + 1;
		tx.update(legalMatters)
			.set({
				chargingDecision: data.decision,
				chargingDecisionNote: data.note ?? null,
				chargingDecisionByUserId: actor.userId,
				chargingDecisionAt: now,
				version,
				updatedAt: now
			})
			.where(eq(legalMatters.id, m.id))
			.run();
		const note = data.note ? ` ${data.note}` : '';
		const seq = recordChange(
			tx,
			actor,
			{
				participantId: p.id,
				kind: 'legal.charging_decision',
				segments: [
					{
						c: 'legal',
						t: `Charging decision on ${m.caseNumber}: ${CHARGING_DECISION_LABELS[data.decision]}.${note}`
					}
				],
				// The decision as a code too, so the program's history can be counted without its words.
				refs: { legalMatterId: m.id, decision: data.decision }
			},
			now
		);
		return { participantId: p.id, seq, legalMatterId: m.id, version };
	}
});

export interface DeadlineOutcomeResult extends MutationResult {
	referralId: string;
	version: number;
	/** ISO instant of the (possibly extended) due date. */
	assessmentDueAt: string | null;
}

/** The prosecutor records what is done about an assessment deadline; `extended` moves the due date. */
export const recordDeadlineOutcome = participantCommand({
	name: 'deadline.outcome',
	kind: 'deadline.outcome',
	input: recordDeadlineOutcomeInput,
	run({ tx, actor, now }, data): DeadlineOutcomeResult {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'deadline.recordOutcome', participantResource(p));
		const r = tx
			.select()
			.from(referrals)
			.where(and(eq(referrals.id, data.referralId), eq(referrals.participantId, p.id)))
			.get();
		if (!r) throw notFound('Referral');
		checkVersion(r.version, data.expectedVersion, 'This referral', () =>
			visibleRecord('referrals', r, actor, p)
		);
		if (!r.assessmentDueAt) {
			throw conflict('This referral has no assessment deadline.', visibleRecord('referrals', r, actor, p));
		}
		let dueAt = r.assessmentDueAt;
		if (data.extendedUntil) {
			const { timezone } = loadJurisdiction(tx, p.jurisdictionId);
			if (dayNumberOf(data.extendedUntil) <= localDayNumber(r.assessmentDueAt, timezone)) {
				throw invalidField('extendedUntil', 'An extension must be later than the current due date.');
			}
			dueAt = endOfLocalDay(dayNumberOf(data.extendedUntil), timezone);
		}
		const version = r.version + 1;
		tx.update(referrals)
			.set({
				deadlineOutcome: data.outcome,
				deadlineOutcomeNote: data.note ?? null,
				deadlineOutcomeAt: now,
				deadlineOutcomeUserId: actor.userId,
				assessmentDueAt: dueAt,
				assessmentCompletedAt: data.outcome === 'assessment_completed' ? now : r.assessmentCompletedAt,
				version
			})
			.where(eq(referrals.id, r.id))
			.run();
		const extended = data.extendedUntil ? ` New due date ${data.extendedUntil}.` : '';
		const seq = recordChange(
			tx,
			actor,
			{
				participantId: p.id,
				kind: 'deadline.outcome',
				segments: [
					{ c: 'core', t: `Assessment deadline: outcome recorded.${extended}` },
					{ c: 'legal', t: `${DEADLINE_OUTCOME_LABELS[data.outcome]}.${data.note ? ` ${data.note}` : ''}` }
				],
				refs: { referralId: r.id }
			},
			now
		);
		return { participantId: p.id, seq, referralId: r.id, version, assessmentDueAt: dueAt.toISOString() };
	}
});

export { CHARGING_DECISION_LABELS };

export { DEADLINE_OUTCOME_LABELS };
