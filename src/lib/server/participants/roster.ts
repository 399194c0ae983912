/**
 * Roster management by the facilitator (or a case-management supervisor): who is the assigned
 * case manager and the representing defender of each participant.
 */
import { eq } from 'drizzle-orm';
import { user } from '../db/schema';
import type { Participant } from '../db/participants.schema';
import type { Role } from '../../shared/roles';
import { authorize, type Actor } from '../policy';
import { ASSIGNABLE_ROLES } from '../policy/participants';
import {
	checkVersion,
	invalidField,
	loadParticipant,
	participantResource,
	parseInput,
	recordChange,
	runMutation,
	touchParticipant,
	type Conn,
	type MutationOptions,
	type MutationResult,
	type Segment
} from './mutations';
import { assignCaseManagerInput, assignDefenderInput, claimParticipantInput } from './schemas';
import { participantCardView } from './views';

export interface AssignmentResult extends MutationResult {
	userId: string | null;
	version: number;
}

/** The named user, who must be an active user of the actor's jurisdiction with one of these roles. */
function assignee(tx: Conn, actor: Actor, field: string, userId: string | null, roles: readonly Role[]) {
	if (userId === null) return null;
	const u = tx.select().from(user).where(eq(user.id, userId)).get();
	if (!u || u.jurisdictionId !== actor.jurisdictionId || u.disabled || !roles.includes(u.role)) {
		throw invalidField(
			field,
			`Choose an active ${roles.join(' or ').replaceAll('_', ' ')} of this jurisdiction.`
		);
	}
	return u;
}

function assign(
	db: Conn,
	actor: Actor,
	opts: MutationOptions,
	spec: {
		participantId: string;
		expectedVersion: number;
		kind: string;
		action?: 'roster.manage' | 'participant.claim';
		apply: (
			tx: Conn,
			p: Participant
		) => { set: Partial<Participant>; userId: string | null; segments: Segment[] };
	}
): AssignmentResult {
	return runMutation(db, actor, spec.kind, opts, (tx, now) => {
		const p = loadParticipant(tx, actor, spec.participantId);
		authorize(actor, spec.action ?? 'roster.manage', participantResource(p));
		checkVersion(p.version, spec.expectedVersion, 'This participant', () =>
			participantCardView(tx, actor, p.id, { now })
		);
		const change = spec.apply(tx, p);
		const version = touchParticipant(tx, p, now, change.set);
		const seq = recordChange(
			tx,
			actor,
			{ participantId: p.id, kind: spec.kind, segments: change.segments },
			now
		);
		return { participantId: p.id, seq, userId: change.userId, version };
	});
}

export function assignCaseManager(
	db: Conn,
	actor: Actor,
	input: unknown,
	opts: MutationOptions = {}
): AssignmentResult {
	const data = parseInput(assignCaseManagerInput, input);
	return assign(db, actor, opts, {
		participantId: data.participantId,
		expectedVersion: data.expectedVersion,
		kind: 'case_manager.assigned',
		apply: (tx) => {
			const u = assignee(
				tx,
				actor,
				'caseManagerUserId',
				data.caseManagerUserId,
				ASSIGNABLE_ROLES.caseManager
			);
			return {
				set: { caseManagerUserId: u?.id ?? null },
				userId: u?.id ?? null,
				segments: [{ c: 'core', t: u ? `Case manager assigned: ${u.name}.` : 'Case manager unassigned.' }]
			};
		}
	});
}

/** A case manager takes on an unassigned participant (typically a new referral) as their own. */
export function claimParticipant(
	db: Conn,
	actor: Actor,
	input: unknown,
	opts: MutationOptions = {}
): AssignmentResult {
	const data = parseInput(claimParticipantInput, input);
	return assign(db, actor, opts, {
		participantId: data.participantId,
		expectedVersion: data.expectedVersion,
		kind: 'case_manager.assigned',
		action: 'participant.claim',
		apply: () => ({
			set: { caseManagerUserId: actor.userId },
			userId: actor.userId,
			segments: [{ c: 'core', t: `Case manager assigned: ${actor.name} took this participant on.` }]
		})
	});
}

export function assignDefender(
	db: Conn,
	actor: Actor,
	input: unknown,
	opts: MutationOptions = {}
): AssignmentResult {
	const data = parseInput(assignDefenderInput, input);
	return assign(db, actor, opts, {
		participantId: data.participantId,
		expectedVersion: data.expectedVersion,
		kind: 'defender.assigned',
		apply: (tx) => {
			const u = assignee(tx, actor, 'defenderUserId', data.defenderUserId, ASSIGNABLE_ROLES.defender);
			return {
				set: { defenderUserId: u?.id ?? null },
				userId: u?.id ?? null,
				segments: [{ c: 'legal', t: u ? `Defender assigned: ${u.name}.` : 'Defender unassigned.' }]
			};
		}
	});
}
