/**
 * The socket.io events of meetings (joining, following the facilitator, decisions, action items,
 * attendance, the room screen) and the views they carry. Every view is already redacted for the
 * socket that receives it. Payloads sent by clients are `unknown` here: the server parses each
 * with its zod schema (`src/lib/server/meetings/schemas.ts`).
 */
import type {
	ActionItemStatus,
	AgendaItemKind,
	AgendaReason,
	DecisionKind,
	NoteVersionKind
} from '../server/db/meetings.schema';
import type { ParticipantCard } from '../server/participants/views';
import type { MeetingAction } from './meeting-values';
import type { Ack } from './errors';
import type { PresentUser } from './events';
import type { AgencyKind } from './roles';

export type { ActionItemStatus, AgendaItemKind, AgendaReason, DecisionKind, MeetingAction, NoteVersionKind };
export type MeetingKind = 'operational_workgroup' | 'policy_group';
export type MeetingStatus = 'draft' | 'published' | 'live' | 'ended' | 'approved';

export interface AgencyRef {
	agencyId: string;
	name: string;
	shortName: string;
	kind: AgencyKind;
}

export interface PersonRef {
	userId: string;
	name: string;
	agencyId: string;
	agencyKind: AgencyKind;
	agencyShort: string;
}

export interface MeetingSummary {
	meetingId: string;
	kind: MeetingKind;
	title: string;
	startsAt: string;
	location: string | null;
	callLink: string | null;
	status: MeetingStatus;
	version: number;
	startedAt: string | null;
	endedAt: string | null;
	approvedAt: string | null;
}

/** A participant as an agenda line shows it to this viewer (the name only where identity is visible). */
export interface AgendaParticipant {
	participantId: string;
	code: string;
	name?: string;
}

export interface CommentView {
	commentId: string;
	author: PersonRef;
	at: string;
	body: string;
}

export interface DecisionView {
	decisionId: string;
	itemId: string;
	kind: DecisionKind | null;
	/** Absent when this viewer may not see what was decided about this participant. */
	text?: string;
	withheld: boolean;
	agreeing: AgencyRef[];
	recordedBy: PersonRef | null;
	at: string;
}

export interface ActionItemView {
	actionItemId: string;
	meetingId: string;
	itemId: string;
	participant: AgendaParticipant | null;
	what?: string;
	withheld: boolean;
	owner: AgencyRef | null;
	ownerPerson: PersonRef | null;
	dueDate: string;
	overdue: boolean;
	status: ActionItemStatus;
	doneAt: string | null;
	version: number;
	canComplete: boolean;
}

export interface AgendaItemView {
	itemId: string;
	position: number;
	kind: AgendaItemKind;
	title: string;
	plannedMinutes: number;
	spentSeconds: number;
	reasons: AgendaReason[];
	participant: AgendaParticipant | null;
	/** A participant item this viewer may not see: no identity, no reasons, no records. */
	withheld: boolean;
	comments: CommentView[];
	/** Comments that exist but are not shared with this viewer. */
	commentsWithheld: number;
	decisions: DecisionView[];
	actionItems: ActionItemView[];
}

export interface AttendeeView {
	person: PersonRef;
	source: 'device' | 'manual';
	inRoom: boolean;
	firstSeenAt: string;
}

export interface NotesAccess {
	canRead: boolean;
	canWrite: boolean;
	/** One line: "Who can read these notes: …". */
	readers: string;
}

/** What "now discussing" shows this viewer. */
export interface ItemFocus {
	itemId: string;
	/** The participant's card as this viewer may see it; absent for other items or when withheld. */
	card?: ParticipantCard;
	/** One quiet line when the item is about a participant this viewer may not see. */
	withheldLine?: string;
}

/** One meeting as one person may see it: the review page, the live page and the minutes share it. */
export interface MeetingView {
	meeting: MeetingSummary;
	live: { currentItemId: string | null; currentStartedAt: string | null; serverNow: string };
	agenda: AgendaItemView[];
	/** False while the agenda is a draft this viewer may not see yet. */
	agendaVisible: boolean;
	/** Open action items from earlier meetings of this kind: they stay on every agenda until done. */
	carriedActionItems: ActionItemView[];
	attendance: AttendeeView[];
	invited: { agencies: AgencyRef[]; people: PersonRef[] };
	/** The jurisdiction's agencies and the invited people, for the decision and action-item forms. */
	agencies: AgencyRef[];
	people: PersonRef[];
	allowed: Record<MeetingAction, boolean>;
	notes: NotesAccess;
	focus: ItemFocus | null;
	timeZone: string;
}

export interface NoteVersionView {
	versionId: string;
	kind: NoteVersionKind;
	label: string;
	at: string;
	by: PersonRef | null;
	text?: string;
}

/** A person present in a meeting's room (socket presence, with agency). */
export type MeetingPresentUser = PresentUser;

/** The room screen: only what every person present may see. */
export interface RoomView {
	meetingId: string;
	title: string;
	kind: MeetingKind;
	status: MeetingStatus;
	/** 1-based position of the current item, and the agenda's length. */
	position: number | null;
	total: number;
	item: {
		itemId: string;
		kind: AgendaItemKind;
		title: string;
		plannedMinutes: number;
		spentSeconds: number;
		startedAt: string | null;
		withheld: boolean;
		withheldLine?: string;
		participant?: {
			code: string;
			name?: string;
			status: string;
			flags: string[];
			nextCourtDate?: string | null;
		};
	} | null;
	decisions: Array<{ decisionId: string; kind: DecisionKind | null; text?: string; agreeing: AgencyRef[] }>;
	actionItems: Array<{ actionItemId: string; what?: string; owner: AgencyRef | null; dueDate: string }>;
	/** Who the screen is shown to: agencies present and the number of people. */
	present: { people: number; agencies: AgencyKind[] };
	serverNow: string;
	timeZone: string;
}

export interface MeetingServerEvents {
	/** This meeting as this recipient may see it, after any change (agenda, now discussing, records). */
	'meeting:view:v1': (view: MeetingView) => void;
	/** Who has the meeting open, with agency. */
	'meeting:presence:v1': (payload: { meetingId: string; people: MeetingPresentUser[] }) => void;
	/** The room screen's content, recomputed when the meeting or the people present change. */
	'meeting:room:v1': (view: RoomView) => void;
	/** The recipient may no longer attend this meeting (invitation withdrawn). */
	'meeting:removed:v1': (payload: { meetingId: string }) => void;
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
	'meeting:now:v1': (payload: unknown, ack: (reply: Ack<{ currentItemId: string }>) => void) => void;
	/** `{ meetingId, agendaItemId, text, kind?, agreeingAgencyIds, idempotencyKey? }` */
	'meeting:decision:add:v1': (payload: unknown, ack: (reply: Ack<{ decisionId: string }>) => void) => void;
	/** `{ meetingId, agendaItemId, what, ownerAgencyId, ownerUserId?, dueDate, idempotencyKey? }` */
	'meeting:action:add:v1': (payload: unknown, ack: (reply: Ack<{ actionItemId: string }>) => void) => void;
	/** `{ actionItemId, status, expectedVersion }` */
	'meeting:action:status:v1': (payload: unknown, ack: (reply: Ack<{ version: number }>) => void) => void;
	/** `{ meetingId, userId, inRoom }`: the facilitator marks someone in the room without a device. */
	'meeting:attendance:mark:v1': (payload: unknown, ack: (reply: Ack<{ inRoom: boolean }>) => void) => void;
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
	assessment_due_soon: 'Assessment due within 7 days',
	new_police_contact: 'New police contact',
	court_within_14_days: 'Court within 14 days',
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
