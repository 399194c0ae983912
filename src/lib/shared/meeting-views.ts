/**
 * What a browser receives about meetings: the meeting view (review page, live page and minutes),
 * "now discussing", the room screen, the notes' versions and the replies to meeting writes, as zod
 * schemas with their types inferred. Every view is already redacted for the socket or page that
 * receives it.
 */
import { z } from 'zod';
import { AGENCY_KINDS } from './roles';
import {
	ACTION_ITEM_STATUSES,
	AGENDA_ITEM_KINDS,
	AGENDA_REASONS,
	ATTENDANCE_SOURCES,
	DECISION_KINDS,
	MEETING_ACTIONS,
	MEETING_KINDS,
	MEETING_STATUSES,
	NOTE_VERSION_KINDS
} from './meeting-values';
import { participantCardSchema } from './participant-views';
import { ROSTER_FLAGS, PARTICIPANT_STATUSES } from './participant-values';

const instant = z.iso.datetime();
const day = z.iso.date();

export const agencyRefSchema = z.strictObject({
	agencyId: z.string(),
	name: z.string(),
	shortName: z.string(),
	kind: z.enum(AGENCY_KINDS)
});
export type AgencyRef = z.infer<typeof agencyRefSchema>;

export const personRefSchema = z.strictObject({
	userId: z.string(),
	name: z.string(),
	agencyId: z.string(),
	agencyKind: z.enum(AGENCY_KINDS),
	agencyShort: z.string()
});
export type PersonRef = z.infer<typeof personRefSchema>;

export const meetingSummarySchema = z.strictObject({
	meetingId: z.string(),
	kind: z.enum(MEETING_KINDS),
	title: z.string(),
	startsAt: instant,
	location: z.string().nullable(),
	callLink: z.string().nullable(),
	status: z.enum(MEETING_STATUSES),
	version: z.int(),
	startedAt: instant.nullable(),
	endedAt: instant.nullable(),
	approvedAt: instant.nullable()
});
export type MeetingSummary = z.infer<typeof meetingSummarySchema>;

/** A participant as an agenda line shows it to this viewer (the name only where identity is visible). */
export const agendaParticipantSchema = z.strictObject({
	participantId: z.string(),
	code: z.string(),
	name: z.string().optional()
});
export type AgendaParticipant = z.infer<typeof agendaParticipantSchema>;

export const commentViewSchema = z.strictObject({
	commentId: z.string(),
	author: personRefSchema,
	at: instant,
	body: z.string()
});
export type CommentView = z.infer<typeof commentViewSchema>;

export const decisionViewSchema = z.strictObject({
	decisionId: z.string(),
	itemId: z.string(),
	kind: z.enum(DECISION_KINDS).nullable(),
	/** Absent when this viewer may not see what was decided about this participant. */
	text: z.string().optional(),
	withheld: z.boolean(),
	agreeing: z.array(agencyRefSchema),
	recordedBy: personRefSchema.nullable(),
	at: instant
});
export type DecisionView = z.infer<typeof decisionViewSchema>;

export const actionItemViewSchema = z.strictObject({
	actionItemId: z.string(),
	meetingId: z.string(),
	itemId: z.string(),
	participant: agendaParticipantSchema.nullable(),
	what: z.string().optional(),
	withheld: z.boolean(),
	owner: agencyRefSchema.nullable(),
	ownerPerson: personRefSchema.nullable(),
	dueDate: day,
	overdue: z.boolean(),
	status: z.enum(ACTION_ITEM_STATUSES),
	doneAt: instant.nullable(),
	version: z.int(),
	canComplete: z.boolean()
});
export type ActionItemView = z.infer<typeof actionItemViewSchema>;

export const agendaItemViewSchema = z.strictObject({
	itemId: z.string(),
	position: z.int(),
	kind: z.enum(AGENDA_ITEM_KINDS),
	title: z.string(),
	plannedMinutes: z.number(),
	spentSeconds: z.number(),
	reasons: z.array(z.enum(AGENDA_REASONS)),
	participant: agendaParticipantSchema.nullable(),
	/** A participant item this viewer may not see: no identity, no reasons, no records. */
	withheld: z.boolean(),
	comments: z.array(commentViewSchema),
	/** Comments that exist but are not shared with this viewer. */
	commentsWithheld: z.int(),
	decisions: z.array(decisionViewSchema),
	actionItems: z.array(actionItemViewSchema)
});
export type AgendaItemView = z.infer<typeof agendaItemViewSchema>;

export const attendeeViewSchema = z.strictObject({
	person: personRefSchema,
	source: z.enum(ATTENDANCE_SOURCES),
	inRoom: z.boolean(),
	firstSeenAt: instant
});
export type AttendeeView = z.infer<typeof attendeeViewSchema>;

export const notesAccessSchema = z.strictObject({
	canRead: z.boolean(),
	canWrite: z.boolean(),
	/** One line: "Who can read these notes: …". */
	readers: z.string()
});
export type NotesAccess = z.infer<typeof notesAccessSchema>;

/** What "now discussing" shows this viewer. */
export const itemFocusSchema = z.strictObject({
	itemId: z.string(),
	/** The participant's card as this viewer may see it; absent for other items or when withheld. */
	card: participantCardSchema.optional(),
	/** One quiet line when the item is about a participant this viewer may not see. */
	withheldLine: z.string().optional()
});
export type ItemFocus = z.infer<typeof itemFocusSchema>;

/** One meeting as one person may see it: the review page, the live page and the minutes share it. */
/** Program figures frozen on a PCG agenda item (see `figures.ts`), as this viewer may see them. */
const figureValueSchema = z.union([
	z.number(),
	z.strictObject({ fewerThan: z.int() }),
	z.strictObject({ withheld: z.literal(true) }),
	z.null()
]);
const figureUnitSchema = z.enum(['count', 'percent', 'ratio', 'days', 'months', 'rate']);
const figurePeriodSchema = z.strictObject({ from: z.string(), to: z.string() });
export const figuresReportSchema = z.strictObject({
	program: z.string(),
	timezone: z.string(),
	period: figurePeriodSchema,
	previous: figurePeriodSchema,
	threshold: z.int(),
	computedAt: instant,
	figures: z.array(
		z.strictObject({
			id: z.string(),
			title: z.string(),
			definition: z.string(),
			columns: z.array(z.strictObject({ key: z.string(), label: z.string(), unit: figureUnitSchema })),
			rows: z.array(
				z.strictObject({
					key: z.string(),
					label: z.string(),
					cells: z.record(z.string(), figureValueSchema),
					unit: figureUnitSchema.optional(),
					total: z.boolean().optional()
				})
			),
			chart: z.strictObject({ columns: z.array(z.string()) }).nullable()
		})
	)
});

export const meetingViewSchema = z.strictObject({
	meeting: meetingSummarySchema,
	live: z.strictObject({
		currentItemId: z.string().nullable(),
		currentStartedAt: instant.nullable(),
		serverNow: instant
	}),
	agenda: z.array(agendaItemViewSchema),
	/** False while the agenda is a draft this viewer may not see yet. */
	agendaVisible: z.boolean(),
	/** Open action items from earlier meetings of this kind: they stay on every agenda until done. */
	carriedActionItems: z.array(actionItemViewSchema),
	attendance: z.array(attendeeViewSchema),
	invited: z.strictObject({ agencies: z.array(agencyRefSchema), people: z.array(personRefSchema) }),
	/** The jurisdiction's agencies and the invited people, for the decision and action-item forms. */
	agencies: z.array(agencyRefSchema),
	people: z.array(personRefSchema),
	allowed: z.record(z.enum(MEETING_ACTIONS), z.boolean()),
	notes: notesAccessSchema,
	focus: itemFocusSchema.nullable(),
	/**
	 * For whoever builds a workgroup agenda: how many participants are flagged for discussion and
	 * not on it yet (a count only).
	 */
	flaggedNotOnAgenda: z.number().int().min(0).optional(),
	/** The program figures frozen on a PCG agenda's "Program figures" items, by agenda item. */
	figures: z.record(z.string(), figuresReportSchema),
	timeZone: z.string()
});
export type MeetingView = z.infer<typeof meetingViewSchema>;

export const noteVersionViewSchema = z.strictObject({
	versionId: z.string(),
	kind: z.enum(NOTE_VERSION_KINDS),
	label: z.string(),
	at: instant,
	by: personRefSchema.nullable(),
	text: z.string().optional()
});
export type NoteVersionView = z.infer<typeof noteVersionViewSchema>;

/** The participant under discussion as the room screen shows it: what everyone present may see. */
export const roomParticipantSchema = z.strictObject({
	code: z.string(),
	name: z.string().optional(),
	status: z.enum(PARTICIPANT_STATUSES),
	flags: z.array(z.enum(ROSTER_FLAGS)),
	nextCourtDate: instant.nullable().optional()
});
export type RoomParticipant = z.infer<typeof roomParticipantSchema>;

export const roomItemSchema = z.strictObject({
	itemId: z.string(),
	kind: z.enum(AGENDA_ITEM_KINDS),
	title: z.string(),
	plannedMinutes: z.number(),
	spentSeconds: z.number(),
	startedAt: instant.nullable(),
	withheld: z.boolean(),
	withheldLine: z.string().optional(),
	participant: roomParticipantSchema.optional()
});
export type RoomItem = z.infer<typeof roomItemSchema>;

export const roomDecisionSchema = z.strictObject({
	decisionId: z.string(),
	kind: z.enum(DECISION_KINDS).nullable(),
	text: z.string().optional(),
	agreeing: z.array(agencyRefSchema)
});
export type RoomDecision = z.infer<typeof roomDecisionSchema>;

export const roomActionItemSchema = z.strictObject({
	actionItemId: z.string(),
	what: z.string().optional(),
	owner: agencyRefSchema.nullable(),
	dueDate: day
});
export type RoomActionItem = z.infer<typeof roomActionItemSchema>;

/** The room screen: only what every person present may see. */
export const roomViewSchema = z.strictObject({
	meetingId: z.string(),
	title: z.string(),
	kind: z.enum(MEETING_KINDS),
	status: z.enum(MEETING_STATUSES),
	/** 1-based position of the current item, and the agenda's length. */
	position: z.int().nullable(),
	total: z.int(),
	item: roomItemSchema.nullable(),
	decisions: z.array(roomDecisionSchema),
	actionItems: z.array(roomActionItemSchema),
	/** Who the screen is shown to: agencies present and the number of people. */
	present: z.strictObject({ people: z.int(), agencies: z.array(z.enum(AGENCY_KINDS)) }),
	/** The frozen figures when the current item is a PCG's "Program figures" (no staff names on a shared screen). */
	figures: figuresReportSchema.nullable(),
	serverNow: instant,
	timeZone: z.string()
});
export type RoomView = z.infer<typeof roomViewSchema>;

/** The recipient may no longer attend this meeting (invitation withdrawn). */
export const meetingRemovedSchema = z.strictObject({ meetingId: z.string() });
export type MeetingRemoved = z.infer<typeof meetingRemovedSchema>;

/** The replies to the meeting writes: what the client needs to follow up on its own change. */
export const nowReplySchema = z.strictObject({ currentItemId: z.string() });
export type NowReply = z.infer<typeof nowReplySchema>;
export const decisionReplySchema = z.strictObject({ decisionId: z.string() });
export type DecisionReply = z.infer<typeof decisionReplySchema>;
export const actionItemReplySchema = z.strictObject({ actionItemId: z.string() });
export type ActionItemReply = z.infer<typeof actionItemReplySchema>;
export const actionStatusReplySchema = z.strictObject({ version: z.int() });
export type ActionStatusReply = z.infer<typeof actionStatusReplySchema>;
export const attendanceReplySchema = z.strictObject({ inRoom: z.boolean() });
export type AttendanceReply = z.infer<typeof attendanceReplySchema>;
