/**
 * The figures a Policy Coordinating Group reviews: frozen on the agenda's "Program figures" items
 * when the agenda is published (or when such an item is added to a published agenda), so every
 * member, the live meeting, the room screen, the packet and the approved minutes show the same
 * numbers. The counts are kept; small-number protection is applied each time they are shown,
 * with the threshold of the moment they were frozen.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { CommandContext } from '../commands/command';
import type { Conn } from '../db';
import type { Meeting } from '../db/schema';
import { agendaItems, type AgendaItem } from '../db/meetings.schema';
import { figureSnapshots } from '../db/figures.schema';
import { programOf } from '../program/settings';
import type { FiguresReport } from '../../shared/figures';
import { defaultPeriod } from './period';
import { presentFigures, type Reader } from './present';
import { countFigures, type FigureCounts } from './report';

/** Freezes the figures on each "Program figures" item of a PCG meeting that has none yet. */
export function freezeFigures(ctx: CommandContext, m: Meeting, items?: AgendaItem[]): number {
	if (m.kind !== 'policy_group') return 0;
	const { tx, actor, now } = ctx;
	const figureItems = (
		items ?? tx.select().from(agendaItems).where(eq(agendaItems.meetingId, m.id)).all()
	).filter((i) => i.kind === 'program_figures');
	if (!figureItems.length) return 0;
	const frozen = new Set(
		tx
			.select({ id: figureSnapshots.agendaItemId })
			.from(figureSnapshots)
			.where(
				inArray(
					figureSnapshots.agendaItemId,
					figureItems.map((i) => i.id)
				)
			)
			.all()
			.map((r) => r.id)
	);
	const todo = figureItems.filter((i) => !frozen.has(i.id));
	if (!todo.length) return 0;
	const { timezone, settings } = programOf(tx, m.jurisdictionId);
	const period = defaultPeriod(tx, m.jurisdictionId, timezone, settings.pcgCadenceDays, now);
	const counts = countFigures(tx, m.jurisdictionId, period, now);
	for (const item of todo) {
		tx.insert(figureSnapshots)
			.values({
				agendaItemId: item.id,
				meetingId: m.id,
				jurisdictionId: m.jurisdictionId,
				counts,
				createdByUserId: actor.userId,
				createdAt: now
			})
			.run();
		ctx.audit({
			action: 'figures.snapshot_frozen',
			objectType: 'agenda_item',
			objectId: item.id,
			detail: { meetingId: m.id, from: period.from, to: period.to }
		});
	}
	return todo.length;
}

/** The frozen figures of a meeting's items, as this reader may see them, by agenda item. */
export function snapshotsOf(
	db: Conn,
	meetingId: string,
	jurisdictionId: string,
	reader: Reader
): Record<string, FiguresReport> {
	const rows = db
		.select({ agendaItemId: figureSnapshots.agendaItemId, counts: figureSnapshots.counts })
		.from(figureSnapshots)
		.where(and(eq(figureSnapshots.meetingId, meetingId), eq(figureSnapshots.jurisdictionId, jurisdictionId)))
		.all();
	return Object.fromEntries(
		rows.map((r) => [r.agendaItemId, presentFigures(r.counts as FigureCounts, reader)])
	);
}
