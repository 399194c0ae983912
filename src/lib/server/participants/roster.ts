/**
 * Roster management by the facilitator (or a case-management supervisor): who is the assigned
 * case manager and the representing defender of each participant.
 */
import { eq } from 'drizzle-orm';
import { user } from '../db/schema';
import type { Participant } from '../db/participants.schema';
import { authorize, type Actor } from '../policy';
import { ASSIGNABLE_ROLES, mayBeAssigned, type Assignment } from '../policy/participants';
import type { z } from 'zod';
import type { CommandContext } from '../commands/command';
import { invalidField } from '../commands/kernel';
import type { Conn } from '../db';
import {
	checkVersion,
	loadParticipant,
	participantCommand,
	participantResource,
	recordChange,
	touchParticipant,
	type MutationResult,
	type Segment
} from './changes';
import { assignCaseManagerInput, assignDefenderInput, claimParticipantInput } from './schemas';
import { participantCardView } from './views';

export interface AssignmentResult extends MutationResult {
	userId: string | null;
	version: number;
}

/** The named user, who must be an active user of the actor's jurisdiction with one of these roles. */
function assignee(tx: Conn, actor: Actor, field: string, userId: string | null, as: Assignment) {
	if (userId === null) return null;
	const u = tx.select().from(user).where(eq(user.id, userId)).get();
	if (!u || u.jurisdictionId !== actor.jurisdictionId || u.disabled || !mayBeAssigned(u.role, as)) {
		const roles = ASSIGNABLE_ROLES[as].join(' or ').replaceAll('_', ' ');
		throw invalidField(field, `Choose an active ${roles} of this jurisdiction.`);
	}
	return u;
}

/**
 * A change of who works with a participant: checked against the participant's version, applied,
 * and written to the timeline.
 */
function assignment<S extends z.ZodType<{ participantId: string; expectedVersion: number }>>(spec: {
	name: string;
	kind: string;
	input: S;
	action?: 'roster.manage' | 'participant.claim';
	apply: (ctx: CommandContext, data: z.output<S>) => Change;
}) {
	return participantCommand({
		name: spec.name,
		kind: spec.kind,
		input: spec.input,
		run(ctx, data): AssignmentResult {
			const { tx, actor, now } = ctx;
			const p = loadParticipant(tx, actor, data.participantId);
			authorize(actor, spec.action ?? 'roster.manage', participantResource(p));
			checkVersion(p.version, data.expectedVersion, 'This participant', () =>
				participantCardView(tx, actor, p.id, { now })
			);
			const change = spec.apply(ctx, data);
			const version = touchParticipant(tx, p, now, change.set);
			const seq = recordChange(
				tx,
				actor,
				{ participantId: p.id, kind: spec.kind, segments: change.segments },
				now
			);
			return { participantId: p.id, seq, userId: change.userId, version };
		}
	});
}

interface Change {
	set: Partial<Participant>;
	userId: string | null;
	segments: Segment[];
}

export const assignCaseManager = assignment({
	name: 'caseManager.assign',
	kind: 'case_manager.assigned',
	input: assignCaseManagerInput,
	apply({ tx, actor }, data) {
		const u = assignee(tx, actor, 'caseManagerUserId', data.caseManagerUserId, 'caseManager');
		return {
			set: { caseManagerUserId: u?.id ?? null },
			userId: u?.id ?? null,
			segments: [{ c: 'core', t: u ? `Case manager assigned: ${u.name}.` : 'Case manager unassigned.' }]
		};
	}
});

/** A case manager takes on an unassigned participant (typically a new referral) as their own. */
export const claimParticipant = assignment({
	name: 'participant.claim',
	kind: 'case_manager.assigned',
	input: claimParticipantInput,
	action: 'participant.claim',
	apply: ({ actor }) => ({
		set: { caseManagerUserId: actor.userId },
		userId: actor.userId,
		segments: [{ c: 'core', t: `Case manager assigned: ${actor.name} took this participant on.` }]
	})
});

export const assignDefender = assignment({
	name: 'defender.assign',
	kind: 'defender.assigned',
	input: assignDefenderInput,
	apply({ tx, actor }, data) {
		const u = assignee(tx, actor, 'defenderUserId', data.defenderUserId, 'defender');
		return {
			set: { defenderUserId: u?.id ?? null },
			userId: u?.id ?? null,
			segments: [{ c: 'legal', t: u ? `Defender assigned: ${u.name}.` : 'Defender unassigned.' }]
		};
	}
});
