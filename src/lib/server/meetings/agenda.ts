/**
 * The agenda: ordered items the organiser adds, edits, removes and reorders (each a versioned
 * change to the meeting), and comments invited members leave on items before and during it.
 */
import { freezeFigures } from '../figures/snapshot';
import { and, asc, eq, max } from 'drizzle-orm';
import { agendaComments, agendaItems, actionItems, meetingDecisions } from '../db/meetings.schema';
import { conflict, notFound } from '../errors';
import { invalidField } from '../commands/kernel';
import type { CommandContext } from '../commands/command';
import type { Conn } from '../db';
import { loadParticipant, participantResource } from '../participants/changes';
import { authorize, type Actor } from '../policy';
import type { Meeting } from '../db/schema';
import { authorizeMeeting, checkMeetingVersion, loadMeeting, meetingCommand, touchMeeting } from './records';
import {
	addAgendaItemInput,
	addCommentInput,
	agendaItemRef,
	moveAgendaItemInput,
	reorderAgendaInput,
	updateAgendaItemInput
} from './schemas';

export function loadItem(tx: Conn, meetingId: string, agendaItemId: string) {
	const item = tx
		.select()
		.from(agendaItems)
		.where(and(eq(agendaItems.id, agendaItemId), eq(agendaItems.meetingId, meetingId)))
		.get();
	if (!item) throw notFound('Agenda item');
	return item;
}

export function agendaOf(tx: Conn, meetingId: string) {
	return tx
		.select()
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.orderBy(asc(agendaItems.position))
		.all();
}

/** Checks the organiser may change the agenda at this version; answers the meeting. */
function editable(tx: Conn, actor: Actor, meetingId: string, expectedVersion: number): Meeting {
	const m = loadMeeting(tx, actor, meetingId);
	authorizeMeeting(actor, 'meeting.manage', m);
	checkMeetingVersion(m, expectedVersion);
	return m;
}

export function nextPosition(tx: Conn, meetingId: string): number {
	const row = tx
		.select({ top: max(agendaItems.position) })
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.get();
	return (row?.top ?? 0) + 1;
}

export const addAgendaItem = meetingCommand({
	name: 'agenda.add',
	kind: 'agenda.item_added',
	input: addAgendaItemInput,
	run(ctx, data): { agendaItemId: string; version: number } {
		const { tx, actor, now, changes } = ctx;
		const m = editable(tx, actor, data.meetingId, data.expectedVersion);
		if (data.participantId) {
			const p = loadParticipant(tx, actor, data.participantId);
			authorize(actor, 'participant.view', participantResource(p));
			if (agendaOf(tx, m.id).some((i) => i.participantId === p.id)) {
				throw invalidField('participantId', 'This participant is already on the agenda.');
			}
		}
		const { id } = tx
			.insert(agendaItems)
			.values({
				meetingId: m.id,
				position: nextPosition(tx, m.id),
				title: data.title,
				kind: data.kind,
				participantId: data.participantId ?? null,
				plannedMinutes: data.plannedMinutes,
				createdByUserId: actor.userId,
				createdAt: now
			})
			.returning({ id: agendaItems.id })
			.get();
		// Figures added to an agenda already out for review are frozen now, as publishing would have.
		if (m.status !== 'draft') freezeFigures(ctx, m);
		const version = touchMeeting(tx, m);
		changes.meeting(m.id, 'agenda.item_added');
		return { agendaItemId: id, version };
	}
});

export const updateAgendaItem = meetingCommand({
	name: 'agenda.edit',
	kind: 'agenda.item_updated',
	input: updateAgendaItemInput,
	run({ tx, actor, changes }, data): { version: number } {
		const m = editable(tx, actor, data.meetingId, data.expectedVersion);
		const item = loadItem(tx, m.id, data.agendaItemId);
		tx.update(agendaItems)
			.set({ title: data.title ?? item.title, plannedMinutes: data.plannedMinutes ?? item.plannedMinutes })
			.where(eq(agendaItems.id, item.id))
			.run();
		const version = touchMeeting(tx, m);
		changes.meeting(m.id, 'agenda.item_updated');
		return { version };
	}
});

/** Removes an item nothing was recorded on yet; the rest close up. */
export const removeAgendaItem = meetingCommand({
	name: 'agenda.remove',
	kind: 'agenda.item_removed',
	input: agendaItemRef,
	run({ tx, actor, changes }, data): { version: number } {
		const m = editable(tx, actor, data.meetingId, data.expectedVersion);
		const item = loadItem(tx, m.id, data.agendaItemId);
		if (m.currentItemId === item.id)
			throw conflict('This item is being discussed now; move on before removing it.');
		const recorded =
			tx
				.select({ id: meetingDecisions.id })
				.from(meetingDecisions)
				.where(eq(meetingDecisions.agendaItemId, item.id))
				.get() ??
			tx.select({ id: actionItems.id }).from(actionItems).where(eq(actionItems.agendaItemId, item.id)).get();
		if (recorded)
			throw conflict('Decisions or action items were recorded on this item; it stays on the record.');
		tx.delete(agendaComments).where(eq(agendaComments.agendaItemId, item.id)).run();
		tx.delete(agendaItems).where(eq(agendaItems.id, item.id)).run();
		writeOrder(
			tx,
			agendaOf(tx, m.id).map((i) => i.id)
		);
		const version = touchMeeting(tx, m);
		changes.meeting(m.id, 'agenda.item_removed');
		return { version };
	}
});

function writeOrder(tx: Conn, order: string[]): void {
	order.forEach((id, index) => {
		tx.update(agendaItems)
			.set({ position: index + 1 })
			.where(eq(agendaItems.id, id))
			.run();
	});
}

/** Puts the agenda in an order that must name every item exactly once. */
function reorder(
	{ tx, actor, changes }: CommandContext,
	data: { meetingId: string; expectedVersion: number; order: string[] }
): { version: number } {
	const m = editable(tx, actor, data.meetingId, data.expectedVersion);
	const current = agendaOf(tx, m.id).map((i) => i.id);
	const given = new Set(data.order);
	if (
		given.size !== data.order.length ||
		given.size !== current.length ||
		current.some((id) => !given.has(id))
	) {
		throw invalidField('order', 'The new order must list every agenda item exactly once.');
	}
	writeOrder(tx, data.order);
	const version = touchMeeting(tx, m);
	changes.meeting(m.id, 'agenda.reordered');
	return { version };
}

/** Puts the agenda in the given order (dragging the items). */
export const reorderAgenda = meetingCommand({
	name: 'agenda.reorder',
	kind: 'agenda.reordered',
	input: reorderAgendaInput,
	run: reorder
});

/** Moves one item up or down by one place (the keyboard way to reorder). */
export const moveAgendaItem = meetingCommand({
	name: 'agenda.move',
	kind: 'agenda.reordered',
	input: moveAgendaItemInput,
	run(ctx, data): { version: number } {
		const order = agendaOf(ctx.tx, data.meetingId).map((i) => i.id);
		const at = order.indexOf(data.agendaItemId);
		const to = data.direction === 'up' ? at - 1 : at + 1;
		if (at >= 0 && to >= 0 && to < order.length) [order[at], order[to]] = [order[to], order[at]];
		return reorder(ctx, { meetingId: data.meetingId, expectedVersion: data.expectedVersion, order });
	}
});

export const addComment = meetingCommand({
	name: 'agenda.comment',
	kind: 'agenda.commented',
	input: addCommentInput,
	run({ tx, actor, now, changes }, data): { commentId: string } {
		const m = loadMeeting(tx, actor, data.meetingId);
		authorizeMeeting(actor, 'meeting.comment', m);
		const item = loadItem(tx, m.id, data.agendaItemId);
		// A comment on a participant item is for those who may see the participant at all.
		if (item.participantId) {
			authorize(
				actor,
				'participant.view',
				participantResource(loadParticipant(tx, actor, item.participantId))
			);
		}
		const { id } = tx
			.insert(agendaComments)
			.values({
				meetingId: m.id,
				agendaItemId: item.id,
				authorUserId: actor.userId,
				body: data.body,
				createdAt: now
			})
			.returning({ id: agendaComments.id })
			.get();
		changes.meeting(m.id, 'agenda.commented');
		return { commentId: id };
	}
});
