/**
 * The socket.io events of meetings (joining, following the facilitator, decisions, action items,
 * attendance, the room screen) and the words for the meeting vocabulary. The views they carry are
 * in `meeting-views.ts`, each already redacted for the socket that receives it. Payloads sent by
 * clients are `unknown` here: the server parses each with its zod schema
 * (`src/lib/server/meetings/schemas.ts`).
 */
import type { Ack } from './errors';
import type {
	AgendaItemKind,
	AgendaReason,
	DecisionKind,
	MeetingKind,
	MeetingStatus
} from './meeting-values';
import type {
	ActionItemReply,
	ActionStatusReply,
	AttendanceReply,
	DecisionReply,
	ItemFocus,
	MeetingRemoved,
	MeetingView,
	NowReply,
	RoomView
} from './meeting-views';
import type { MeetingPresence, PresentUser } from './connections';

export type {
	ActionItemStatus,
	AgendaItemKind,
	AgendaReason,
	DecisionKind,
	MeetingAction,
	MeetingKind,
	MeetingStatus,
	NoteVersionKind
} from './meeting-values';
export type {
	ActionItemView,
	AgencyRef,
	AgendaItemView,
	AgendaParticipant,
	AttendeeView,
	CommentView,
	DecisionView,
	ItemFocus,
	MeetingSummary,
	MeetingView,
	NotesAccess,
	NoteVersionView,
	PersonRef,
	RoomView
} from './meeting-views';

/** A person present in a meeting's room (socket presence, with agency). */
export type MeetingPresentUser = PresentUser;

type Reply<T> = (reply: Ack<T>) => void;

export interface MeetingServerEvents {
	/** This meeting as this recipient may see it, after any change (agenda, now discussing, records). */
	'meeting:view:v1': (view: MeetingView) => void;
	/** Who has the meeting open, with agency. */
	'meeting:presence:v1': (payload: MeetingPresence) => void;
	/** The room screen's content, recomputed when the meeting or the people present change. */
	'meeting:room:v1': (view: RoomView) => void;
	/** The recipient may no longer attend this meeting (invitation withdrawn). */
	'meeting:removed:v1': (payload: MeetingRemoved) => void;
}

export interface MeetingClientEvents {
	/** `{ meetingId }`: joins the meeting's room (invited members only) and answers its view. */
	'meeting:join:v1': (payload: unknown, ack: (reply: Ack<MeetingView>) => void) => void;
	/** `{ meetingId }`: joins as the room screen and answers the room view. */
	'meeting:room:join:v1': (payload: unknown, ack: (reply: Ack<RoomView>) => void) => void;
	/** `{ meetingId }` */
	'meeting:leave:v1': (payload: unknown, ack?: (reply: Ack) => void) => void;
	/** `{ meetingId, agendaItemId }`: what this viewer sees of one item (stepping away from the facilitator). */
	'meeting:focus:v1': (payload: unknown, ack: (reply: Ack<ItemFocus>) => void) => void;
	/** `{ meetingId, agendaItemId }`: the facilitator moves "now discussing". */
	'meeting:now:v1': (payload: unknown, ack: Reply<NowReply>) => void;
	/** `{ meetingId, agendaItemId, text, kind?, agreeingAgencyIds, idempotencyKey? }` */
	'meeting:decision:add:v1': (payload: unknown, ack: Reply<DecisionReply>) => void;
	/** `{ meetingId, agendaItemId, what, ownerAgencyId, ownerUserId?, dueDate, idempotencyKey? }` */
	'meeting:action:add:v1': (payload: unknown, ack: Reply<ActionItemReply>) => void;
	/** `{ actionItemId, status, expectedVersion }` */
	'meeting:action:status:v1': (payload: unknown, ack: Reply<ActionStatusReply>) => void;
	/** `{ meetingId, userId, inRoom }`: the facilitator marks someone in the room without a device. */
	'meeting:attendance:mark:v1': (payload: unknown, ack: Reply<AttendanceReply>) => void;
}

/** Words for the meeting vocabulary, shared by pages and the server's timeline text. */
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
	operational_workgroup: 'Operational workgroup',
	policy_group: 'Policy Coordinating Group'
};

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
	draft: 'Draft agenda',
	published: 'Agenda published',
	live: 'Live now',
	ended: 'Ended: minutes to approve',
	approved: 'Minutes approved'
};

export const AGENDA_KIND_LABELS: Record<AgendaItemKind, string> = {
	participant_review: 'Participant review',
	policy_item: 'Policy item',
	program_figures: 'Program figures',
	other: 'Other'
};

export const AGENDA_REASON_LABELS: Record<AgendaReason, string> = {
	new_referral: 'New referral',
	assessment_overdue: 'Assessment overdue',
	assessment_due_soon: 'Assessment due soon',
	new_police_contact: 'New police contact',
	court_within_14_days: 'Court date soon',
	unable_to_locate: 'Unable to locate',
	flagged_for_discussion: 'Flagged for discussion',
	open_action_items: 'Open action items'
};

export const DECISION_KIND_LABELS: Record<DecisionKind, string> = {
	charge_held_pending_engagement: 'Charge held pending engagement',
	police_outreach: 'Outreach by police',
	locate_by_case_management: 'Locate by case management',
	other: 'Other decision'
};

/** What a participant item is called where the viewer may not see who it is about. */
export const WITHHELD_ITEM_TITLE = 'Participant review (details withheld)';
