/**
 * The meeting domain's vocabularies: kinds, statuses, agenda items, decisions, action items and
 * the actions a meeting page asks about. The wire contract owns them; the database columns and
 * the policy module take them from here.
 */

export const MEETING_KINDS = ['operational_workgroup', 'policy_group'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ['draft', 'published', 'live', 'ended', 'approved'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const AGENDA_ITEM_KINDS = ['participant_review', 'policy_item', 'program_figures', 'other'] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];

/** Why "Build agenda from roster" proposed an item: codes, never participant detail. */
export const AGENDA_REASONS = [
	'new_referral',
	'assessment_overdue',
	'assessment_due_soon',
	'new_police_contact',
	'court_within_14_days',
	'unable_to_locate',
	'flagged_for_discussion',
	'open_action_items'
] as const;
export type AgendaReason = (typeof AGENDA_REASONS)[number];

export const DECISION_KINDS = [
	'charge_held_pending_engagement',
	'police_outreach',
	'locate_by_case_management',
	'other'
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const ACTION_ITEM_STATUSES = ['open', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export const ATTENDANCE_SOURCES = ['device', 'manual'] as const;
export type AttendanceSource = (typeof ATTENDANCE_SOURCES)[number];

export const NOTE_VERSION_KINDS = ['as_discussed', 'approved'] as const;
export type NoteVersionKind = (typeof NOTE_VERSION_KINDS)[number];

/**
 * The meeting actions a meeting page is told it may or may not take, in the order it offers them.
 * The policy module holds a rule for each and answers them.
 */
export const MEETING_ACTIONS = [
	'meeting.view',
	'meeting.agenda.view',
	'meeting.manage',
	'meeting.agenda.build',
	'meeting.comment',
	'meeting.start',
	'meeting.steer',
	'meeting.end',
	'meeting.record',
	'meeting.approve',
	'meeting.notes.read',
	'meeting.notes.write'
] as const;
export type MeetingAction = (typeof MEETING_ACTIONS)[number];
