/**
 * What a meeting decides: decisions (text, the agencies that agreed, a kind for participant items)
 * and action items (what, owner agency and person, due date). Both land on the participant's
 * timeline in the same transaction; open action items stay on later agendas until done.
 */
import { and, asc, eq, inArray, lt, ne } from 'drizzle-orm';
import { agencies, meetings, user, type Meeting } from '../db/schema';
import { actionItems, meetingDecisions, type ActionItem, type DecisionKind } from '../db/meetings.schema';
import { conflict, notFound } from '../errors';
import { invalidField } from '../commands/kernel';
import type { Conn } from '../db';
import { loadParticipant, participantResource } from '../participants/changes';
import { ACTION_ITEM_CATEGORY, DECISION_CATEGORY, authorize, type Actor } from '../policy';
import { DECISION_KIND_LABELS } from '../../shared/meeting-events';
import type { AgencyKind } from '../../shared/roles';
import { loadItem } from './agenda';
import {
	authorizeMeeting,
	loadMeeting,
	meetingCommand,
	meetingLabel,
	recordParticipantChange
} from './records';
import { actionItemStatusInput, addActionItemInput, addDecisionInput } from './schemas';

/** A decision of these kinds needs the agency that acts on it among those that agreed (each keeps its own authority). */
const ACTING_AGENCY: Partial<Record<DecisionKind, AgencyKind>> = {
	charge_held_pending_engagement: 'prosecution',
	police_outreach: 'police',
	locate_by_case_management: 'case_management'
};

function jurisdictionAgencies(tx: Conn, jurisdictionId: string, ids: string[]) {
	const rows = tx
		.select()
		.from(agencies)
		.where(and(eq(agencies.jurisdictionId, jurisdictionId), inArray(agencies.id, ids)))
		.all();
	return rows;
}

export const addDecision = meetingCommand({
	name: 'decision.add',
	kind: 'meeting.decision_recorded',
	input: addDecisionInput,
	run(ctx, data): { decisionId: string } {
		const { tx, actor, now, changes } = ctx;
		const m = loadMeeting(tx, actor, data.meetingId);
		authorizeMeeting(actor, 'meeting.record', m);
		const item = loadItem(tx, m.id, data.agendaItemId);
		const agreeing = jurisdictionAgencies(tx, actor.jurisdictionId, data.agreeingAgencyIds);
		if (agreeing.length !== new Set(data.agreeingAgencyIds).size) {
			throw invalidField('agreeingAgencyIds', 'Unknown agency.');
		}
		const kind = item.participantId ? (data.kind ?? null) : null;
		if (item.participantId && !kind) throw invalidField('kind', 'Choose what kind of decision this is.');
		const acting = kind ? ACTING_AGENCY[kind] : undefined;
		if (acting && !agreeing.some((a) => a.kind === acting)) {
			throw invalidField(
				'agreeingAgencyIds',
				'The agency that acts on this decision must be among those that agreed.'
			);
		}
		const p = item.participantId ? loadParticipant(tx, actor, item.participantId) : null;
		if (p) authorize(actor, 'participant.view', participantResource(p));
		const { id } = tx
			.insert(meetingDecisions)
			.values({
				meetingId: m.id,
				agendaItemId: item.id,
				participantId: item.participantId,
				kind,
				text: data.text,
				agreeingAgencyIds: agreeing.map((a) => a.id),
				recordedByUserId: actor.userId,
				createdAt: now
			})
			.returning({ id: meetingDecisions.id })
			.get();
		if (p && kind) {
			const label = meetingLabel(tx, m);
			const agreed = agreeing.map((a) => a.shortName).join(', ');
			recordParticipantChange(ctx, {
				participantId: p.id,
				kind: 'meeting.decision',
				segments: [
					{ c: 'core', t: `Decision at the ${label}.` },
					{
						c: DECISION_CATEGORY[kind],
						t: `${DECISION_KIND_LABELS[kind]}: ${data.text} (agreed: ${agreed})`
					}
				],
				refs: { meetingId: m.id, decisionId: id, agendaItemId: item.id }
			});
		}
		changes.meeting(m.id, 'meeting.decision_recorded');
		return { decisionId: id };
	}
});

export const addActionItem = meetingCommand({
	name: 'actionItem.add',
	kind: 'meeting.action_item_added',
	input: addActionItemInput,
	run(ctx, data): { actionItemId: string } {
		const { tx, actor, now, changes } = ctx;
		const m = loadMeeting(tx, actor, data.meetingId);
		authorizeMeeting(actor, 'meeting.record', m);
		const item = loadItem(tx, m.id, data.agendaItemId);
		const [owner] = jurisdictionAgencies(tx, actor.jurisdictionId, [data.ownerAgencyId]);
		if (!owner) throw invalidField('ownerAgencyId', 'Unknown agency.');
		if (data.ownerUserId) {
			const person = tx.select().from(user).where(eq(user.id, data.ownerUserId)).get();
			if (!person || person.agencyId !== owner.id) {
				throw invalidField('ownerUserId', 'The owner must be someone from the owner agency.');
			}
		}
		const p = item.participantId ? loadParticipant(tx, actor, item.participantId) : null;
		if (p) authorize(actor, 'participant.view', participantResource(p));
		const { id } = tx
			.insert(actionItems)
			.values({
				jurisdictionId: actor.jurisdictionId,
				meetingId: m.id,
				agendaItemId: item.id,
				participantId: item.participantId,
				what: data.what,
				ownerAgencyId: owner.id,
				ownerUserId: data.ownerUserId ?? null,
				dueDate: data.dueDate,
				createdByUserId: actor.userId,
				createdAt: now
			})
			.returning({ id: actionItems.id })
			.get();
		if (p) {
			recordParticipantChange(ctx, {
				participantId: p.id,
				kind: 'meeting.action_item',
				segments: [
					{ c: 'core', t: `Action item from the ${meetingLabel(tx, m)}.` },
					{ c: ACTION_ITEM_CATEGORY, t: `${owner.shortName}, due ${data.dueDate}: ${data.what}` }
				],
				refs: { meetingId: m.id, actionItemId: id, agendaItemId: item.id }
			});
		}
		changes.meeting(m.id, 'meeting.action_item_added');
		return { actionItemId: id };
	}
});

/**
 * Marks an action item done (or open again). Allowed after the meeting's minutes are approved:
 * follow-up is the action item's own record, not a change to the minutes.
 */
export const setActionItemStatus = meetingCommand({
	name: 'actionItem.status',
	kind: 'meeting.action_item_status',
	input: actionItemStatusInput,
	meetingOf: (data, conn) =>
		conn
			.select({ meetingId: actionItems.meetingId })
			.from(actionItems)
			.where(eq(actionItems.id, data.actionItemId))
			.get()?.meetingId ?? data.actionItemId,
	run(ctx, data): { version: number } {
		const { tx, actor, now, changes } = ctx;
		const a = loadActionItem(tx, actor, data.actionItemId);
		authorize(actor, 'actionItem.complete', a);
		if (a.version !== data.expectedVersion) {
			throw conflict(`This action item was changed by someone else (now version ${a.version}).`, {
				status: a.status,
				version: a.version
			});
		}
		const done = data.status === 'done';
		tx.update(actionItems)
			.set({
				status: data.status,
				doneAt: done ? now : null,
				doneByUserId: done ? actor.userId : null,
				version: a.version + 1
			})
			.where(eq(actionItems.id, a.id))
			.run();
		if (a.participantId && a.status !== data.status) {
			recordParticipantChange(ctx, {
				participantId: a.participantId,
				kind: done ? 'meeting.action_item_done' : 'meeting.action_item_reopened',
				segments: [
					{ c: 'core', t: done ? 'Action item done.' : 'Action item reopened.' },
					{ c: ACTION_ITEM_CATEGORY, t: a.what }
				],
				refs: { meetingId: a.meetingId, actionItemId: a.id }
			});
		}
		changes.meeting(a.meetingId, 'meeting.action_item_status');
		return { version: a.version + 1 };
	}
});

export function loadActionItem(tx: Conn, actor: Actor, actionItemId: string): ActionItem {
	const a = tx.select().from(actionItems).where(eq(actionItems.id, actionItemId)).get();
	if (!a || a.jurisdictionId !== actor.jurisdictionId) throw notFound('Action item');
	return a;
}

/**
 * Open action items from earlier meetings of the same kind: they carry onto every later agenda
 * until someone marks them done.
 */
export function openActionItemsBefore(tx: Conn, m: Meeting): ActionItem[] {
	return tx
		.select({ a: actionItems })
		.from(actionItems)
		.innerJoin(meetings, eq(meetings.id, actionItems.meetingId))
		.where(
			and(
				eq(actionItems.jurisdictionId, m.jurisdictionId),
				eq(actionItems.status, 'open'),
				eq(meetings.kind, m.kind),
				ne(meetings.id, m.id),
				lt(meetings.startsAt, m.startsAt)
			)
		)
		.orderBy(asc(actionItems.dueDate), asc(actionItems.createdAt))
		.all()
		.map((r) => r.a);
}
