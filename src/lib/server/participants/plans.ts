/**
 * The individual intervention plan: goals by domain, each with a status and target date.
 * Housing or food is often the first need; abstinence is never a required goal.
 */
import { GOAL_STATUS_LABELS } from '../../shared/participant-labels';
import { GOAL_DOMAIN_LABELS } from '../../shared/participant-labels';
import { and, eq } from 'drizzle-orm';
import { planGoals, type GoalStatus, type PlanGoal } from '../db/participants.schema';
import { notFound } from '../errors';
import { authorize } from '../policy';
import { CLINICAL_GOAL_DOMAINS } from '../policy/participants';
import {
	checkVersion,
	loadParticipant,
	participantResource,
	recordChange,
	visibleRecord,
	type MutationResult,
	type Segment,
	participantCommand
} from './changes';
import { addPlanGoalInput, updatePlanGoalInput } from './schemas';

export interface PlanGoalResult extends MutationResult {
	goalId: string;
	version: number;
}

/** Timeline text of a goal change: progress for plan_summary, the goal's words for plan (or all clinical). */
function goalSegments(verb: string, goal: Pick<PlanGoal, 'domain' | 'status' | 'description'>): Segment[] {
	const clinical = CLINICAL_GOAL_DOMAINS.includes(goal.domain);
	return [
		{
			c: clinical ? 'clinical' : 'plan_summary',
			t: `${GOAL_DOMAIN_LABELS[goal.domain]} goal ${verb} (${GOAL_STATUS_LABELS[goal.status]}).`
		},
		{ c: clinical ? 'clinical' : 'plan', t: goal.description }
	];
}

export const addPlanGoal = participantCommand({
	name: 'goal.add',
	kind: 'plan.goal_added',
	input: addPlanGoalInput,
	run({ tx, actor, now }, data): PlanGoalResult {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'plan.manage', participantResource(p));
		const goal = tx
			.insert(planGoals)
			.values({
				participantId: p.id,
				domain: data.domain,
				description: data.description,
				status: data.status,
				targetDate: data.targetDate ?? null,
				metAt: data.status === 'met' ? now : null,
				createdByUserId: actor.userId,
				createdAt: now,
				updatedAt: now
			})
			.returning()
			.get();
		const seq = recordChange(
			tx,
			actor,
			{
				participantId: p.id,
				kind: 'plan.goal_added',
				segments: goalSegments('added', goal),
				// The status as a code too, so when a goal was met can be counted without its words.
				refs: { goalId: goal.id, status: goal.status }
			},
			now
		);
		return { participantId: p.id, seq, goalId: goal.id, version: goal.version };
	}
});

export const updatePlanGoal = participantCommand({
	name: 'goal.update',
	kind: 'plan.goal_updated',
	input: updatePlanGoalInput,
	run({ tx, actor, now }, data): PlanGoalResult {
		const p = loadParticipant(tx, actor, data.participantId);
		authorize(actor, 'plan.manage', participantResource(p));
		const goal = tx
			.select()
			.from(planGoals)
			.where(and(eq(planGoals.id, data.goalId), eq(planGoals.participantId, p.id)))
			.get();
		if (!goal) throw notFound('Plan goal');
		checkVersion(goal.version, data.expectedVersion, 'This goal', () =>
			visibleRecord('plan_goals', goal, actor, p)
		);
		const next = {
			description: data.description ?? goal.description,
			status: data.status ?? goal.status,
			targetDate: data.targetDate === undefined ? goal.targetDate : data.targetDate,
			metAt: metAtAfter(goal, data.status, now),
			version: goal.version + 1,
			updatedAt: now
		};
		tx.update(planGoals).set(next).where(eq(planGoals.id, goal.id)).run();
		const seq = recordChange(
			tx,
			actor,
			{
				participantId: p.id,
				kind: 'plan.goal_updated',
				segments: goalSegments('updated', { ...goal, ...next }),
				refs: { goalId: goal.id, status: next.status }
			},
			now
		);
		return { participantId: p.id, seq, goalId: goal.id, version: next.version };
	}
});

/** A goal keeps the moment it was first met; reopening it clears that moment. */
function metAtAfter(
	goal: { status: GoalStatus; metAt: Date | null },
	next: GoalStatus | undefined,
	now: Date
) {
	const status = next ?? goal.status;
	if (status !== 'met') return null;
	return goal.status === 'met' ? goal.metAt : now;
}

export { GOAL_DOMAIN_LABELS };

export { GOAL_STATUS_LABELS };
