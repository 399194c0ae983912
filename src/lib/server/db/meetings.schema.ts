/**
 * Meeting records beyond the `meetings` row (in schema.ts): the ordered agenda, comments on it,
 * attendance, decisions, action items, participants flagged for discussion and named versions
 * of the notes. Which reader sees what of these lives in the policy module (`policy/meetings.ts`).
 *
 * Like participants.schema.ts this file imports nothing from `schema.ts` (which re-exports it):
 * meeting, user, agency and participant ids are plain text columns, checked by the domain.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import * as vocabulary from '../../shared/meeting-values';

/** The column vocabularies are the wire contract's; the domain keeps importing them with the tables. */
export * from '../../shared/meeting-values';

const id = () =>
	text('id')
		.primaryKey()
		.$defaultFn(() => crypto.randomUUID());
const nowMs = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;
const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull().default(nowMs);
const version = () => integer('version').notNull().default(1);

export const agendaItems = sqliteTable(
	'agenda_items',
	{
		id: id(),
		meetingId: text('meeting_id').notNull(),
		position: integer('position').notNull(),
		title: text('title').notNull(),
		kind: text('kind', { enum: vocabulary.AGENDA_ITEM_KINDS }).notNull(),
		participantId: text('participant_id'),
		plannedMinutes: integer('planned_minutes').notNull(),
		/** Discussion time of earlier stretches; the running stretch is `meetings.current_item_started_at`. */
		spentSeconds: integer('spent_seconds').notNull().default(0),
		reasons: text('reasons', { mode: 'json' }).$type<vocabulary.AgendaReason[]>().notNull().default([]),
		createdByUserId: text('created_by_user_id').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('agenda_items_meeting').on(t.meetingId, t.position)]
);

export const agendaComments = sqliteTable(
	'agenda_comments',
	{
		id: id(),
		meetingId: text('meeting_id').notNull(),
		agendaItemId: text('agenda_item_id').notNull(),
		authorUserId: text('author_user_id').notNull(),
		body: text('body').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('agenda_comments_item').on(t.agendaItemId, t.createdAt)]
);

/** Who attended: recorded from presence while live, or marked by the facilitator. */
export const meetingAttendance = sqliteTable(
	'meeting_attendance',
	{
		id: id(),
		meetingId: text('meeting_id').notNull(),
		userId: text('user_id').notNull(),
		source: text('source', { enum: vocabulary.ATTENDANCE_SOURCES }).notNull(),
		/** A manual mark says the person is in the room now (they read the room screen too). */
		inRoom: integer('in_room', { mode: 'boolean' }).notNull().default(false),
		markedByUserId: text('marked_by_user_id'),
		firstSeenAt: integer('first_seen_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('meeting_attendance_person').on(t.meetingId, t.userId)]
);

export const meetingDecisions = sqliteTable(
	'meeting_decisions',
	{
		id: id(),
		meetingId: text('meeting_id').notNull(),
		agendaItemId: text('agenda_item_id').notNull(),
		participantId: text('participant_id'),
		/** Only for participant items. */
		kind: text('kind', { enum: vocabulary.DECISION_KINDS }),
		text: text('text').notNull(),
		agreeingAgencyIds: text('agreeing_agency_ids', { mode: 'json' }).$type<string[]>().notNull(),
		recordedByUserId: text('recorded_by_user_id').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		index('meeting_decisions_meeting').on(t.meetingId, t.createdAt),
		index('meeting_decisions_participant').on(t.participantId)
	]
);

export const actionItems = sqliteTable(
	'action_items',
	{
		id: id(),
		jurisdictionId: text('jurisdiction_id').notNull(),
		meetingId: text('meeting_id').notNull(),
		agendaItemId: text('agenda_item_id').notNull(),
		participantId: text('participant_id'),
		what: text('what').notNull(),
		ownerAgencyId: text('owner_agency_id').notNull(),
		ownerUserId: text('owner_user_id'),
		/** A local calendar day (YYYY-MM-DD) in the jurisdiction's time zone. */
		dueDate: text('due_date').notNull(),
		status: text('status', { enum: vocabulary.ACTION_ITEM_STATUSES }).notNull().default('open'),
		doneAt: integer('done_at', { mode: 'timestamp_ms' }),
		doneByUserId: text('done_by_user_id'),
		createdByUserId: text('created_by_user_id').notNull(),
		version: version(),
		createdAt: createdAt()
	},
	(t) => [
		index('action_items_open').on(t.jurisdictionId, t.status),
		index('action_items_meeting').on(t.meetingId),
		index('action_items_participant').on(t.participantId)
	]
);

/** A workgroup member asks for a participant to be discussed at the next meeting. */
export const discussionFlags = sqliteTable(
	'discussion_flags',
	{
		id: id(),
		jurisdictionId: text('jurisdiction_id').notNull(),
		participantId: text('participant_id').notNull(),
		flaggedByUserId: text('flagged_by_user_id').notNull(),
		agencyKind: text('agency_kind').notNull(),
		createdAt: createdAt(),
		/** Set when a meeting that reviewed the participant ends. */
		clearedAt: integer('cleared_at', { mode: 'timestamp_ms' }),
		clearedByMeetingId: text('cleared_by_meeting_id')
	},
	(t) => [index('discussion_flags_open').on(t.jurisdictionId, t.clearedAt)]
);

/** Named snapshots of a meeting's notes ("As discussed" at the end, "Approved" at approval). */
export const meetingNoteVersions = sqliteTable(
	'meeting_note_versions',
	{
		id: id(),
		meetingId: text('meeting_id').notNull(),
		kind: text('kind', { enum: vocabulary.NOTE_VERSION_KINDS }).notNull(),
		label: text('label').notNull(),
		/** The full Yjs state (Y.encodeStateAsUpdate), so the version can be reopened exactly. */
		state: blob('state', { mode: 'buffer' }).notNull(),
		/** The plain text of the notes at that moment, for the minutes and print. */
		text: text('text').notNull(),
		createdByUserId: text('created_by_user_id').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('meeting_note_versions_meeting').on(t.meetingId, t.createdAt)]
);

export type AgendaItem = typeof agendaItems.$inferSelect;
export type AgendaComment = typeof agendaComments.$inferSelect;
export type MeetingAttendance = typeof meetingAttendance.$inferSelect;
export type MeetingDecision = typeof meetingDecisions.$inferSelect;
export type ActionItem = typeof actionItems.$inferSelect;
export type DiscussionFlag = typeof discussionFlags.$inferSelect;
export type MeetingNoteVersion = typeof meetingNoteVersions.$inferSelect;
