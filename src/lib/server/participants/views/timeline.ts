/** A participant's timeline as one actor may read it. */
import { desc, eq } from 'drizzle-orm';
import type { Conn } from '../../db';
import { participantEvents, type Participant } from '../../db/participants.schema';
import { sees, type FieldCategory } from '../../policy';
import type { TimelineEntry } from '../../../shared/participant-views';
import { authorName, type UserSummary } from '../staff';
import type { Visible } from './context';

const TIMELINE_LIMIT = 200;

/** Newest first; each entry's text keeps only the segments the actor may read, and an entry with none is left out. */
export function timelineViews(
	db: Conn,
	p: Participant,
	visible: Visible,
	users: Map<string, UserSummary>
): TimelineEntry[] {
	const rows = db
		.select()
		.from(participantEvents)
		.where(eq(participantEvents.participantId, p.id))
		.orderBy(desc(participantEvents.createdAt), desc(participantEvents.id))
		.limit(TIMELINE_LIMIT)
		.all();
	return rows.flatMap((e): TimelineEntry[] => {
		const text = e.payload.segments
			.filter((s) => sees(visible, s.c as FieldCategory))
			.map((s) => s.t)
			.join(' ');
		if (!text) return [];
		return [
			{
				id: e.id,
				kind: e.kind,
				agencyKind: e.actorAgencyKind,
				author: authorName(users, e.actorUserId),
				at: e.createdAt.toISOString(),
				text,
				...(e.payload.refs?.meetingId ? { meetingId: e.payload.refs.meetingId } : {})
			}
		];
	});
}
