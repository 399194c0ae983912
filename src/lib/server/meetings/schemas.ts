/**
 * The zod schemas of every meeting input, one per shape, strict (unknown keys such as `__proto__`
 * are refused) and with a cap on every string and list. Form actions and socket handlers parse
 * with these same schemas through the domain functions.
 */
import { z } from 'zod';
import { MEETING_KINDS } from '../db/schema';
import { AGENDA_ITEM_KINDS, DECISION_KINDS } from '../db/meetings.schema';
import { recordId } from '../participants/schemas';

export const MEETING_LIMITS = {
	title: 160,
	location: 200,
	link: 500,
	comment: 1000,
	decision: 1000,
	actionItem: 500,
	agendaItems: 200,
	invitedAgencies: 30,
	invitedPeople: 300,
	plannedMinutes: 240
} as const;

const text = (max: number) => z.string().trim().min(1, 'Required.').max(max, `At most ${max} characters.`);
const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `At most ${max} characters.`)
		.transform((s) => (s === '' ? null : s))
		.nullable()
		.optional();
const dateTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const callLink = z
	.string()
	.trim()
	.max(MEETING_LIMITS.link)
	.transform((s) => (s === '' ? null : s))
	.pipe(z.url({ protocol: /^https$/, error: 'Use an https:// address.' }).nullable())
	.nullable()
	.optional();
export const expectedVersion = z.int().min(1).max(1_000_000_000);
const plannedMinutes = z.int().min(1, 'At least 1 minute.').max(MEETING_LIMITS.plannedMinutes);
const ids = (max: number) => z.array(recordId).max(max);

export const meetingRef = z.strictObject({ meetingId: recordId });

export const createMeetingInput = z.strictObject({
	kind: z.enum(MEETING_KINDS),
	title: text(MEETING_LIMITS.title).optional(),
	startsAt: dateTime,
	location: optionalText(MEETING_LIMITS.location),
	callLink,
	invitedAgencyIds: ids(MEETING_LIMITS.invitedAgencies).default([]),
	invitedUserIds: ids(MEETING_LIMITS.invitedPeople).default([])
});

export const updateMeetingInput = z.strictObject({
	meetingId: recordId,
	expectedVersion,
	title: text(MEETING_LIMITS.title).optional(),
	startsAt: dateTime.optional(),
	location: optionalText(MEETING_LIMITS.location),
	callLink,
	invitedAgencyIds: ids(MEETING_LIMITS.invitedAgencies).optional(),
	invitedUserIds: ids(MEETING_LIMITS.invitedPeople).optional()
});

export const meetingVersionInput = z.strictObject({ meetingId: recordId, expectedVersion });

export const addAgendaItemInput = z
	.strictObject({
		meetingId: recordId,
		expectedVersion,
		title: text(MEETING_LIMITS.title),
		kind: z.enum(AGENDA_ITEM_KINDS),
		participantId: recordId.optional(),
		plannedMinutes
	})
	.superRefine((v, ctx) => {
		if ((v.kind === 'participant_review') !== (v.participantId !== undefined)) {
			ctx.addIssue({
				code: 'custom',
				path: ['participantId'],
				message: 'A participant review names one participant; other items name none.'
			});
		}
	});

export const updateAgendaItemInput = z.strictObject({
	meetingId: recordId,
	expectedVersion,
	agendaItemId: recordId,
	title: text(MEETING_LIMITS.title).optional(),
	plannedMinutes: plannedMinutes.optional()
});

export const agendaItemRef = z.strictObject({ meetingId: recordId, expectedVersion, agendaItemId: recordId });

export const reorderAgendaInput = z.strictObject({
	meetingId: recordId,
	expectedVersion,
	order: ids(MEETING_LIMITS.agendaItems).min(1)
});

export const moveAgendaItemInput = z.strictObject({
	meetingId: recordId,
	expectedVersion,
	agendaItemId: recordId,
	direction: z.enum(['up', 'down'])
});

export const nowDiscussingInput = z.strictObject({ meetingId: recordId, agendaItemId: recordId });
export const focusInput = nowDiscussingInput;

export const addCommentInput = z.strictObject({
	meetingId: recordId,
	agendaItemId: recordId,
	body: text(MEETING_LIMITS.comment)
});

const idempotencyKey = z
	.string()
	.regex(/^[A-Za-z0-9_:.-]{8,128}$/, 'Use 8-128 letters, digits, dashes, dots, colons or underscores.')
	.optional();

export const addDecisionInput = z.strictObject({
	meetingId: recordId,
	agendaItemId: recordId,
	text: text(MEETING_LIMITS.decision),
	kind: z.enum(DECISION_KINDS).optional(),
	agreeingAgencyIds: ids(MEETING_LIMITS.invitedAgencies).min(1, 'Name at least one agency that agreed.'),
	idempotencyKey
});

export const addActionItemInput = z.strictObject({
	meetingId: recordId,
	agendaItemId: recordId,
	what: text(MEETING_LIMITS.actionItem),
	ownerAgencyId: recordId,
	ownerUserId: recordId.optional(),
	dueDate: z.iso.date(),
	idempotencyKey
});

export const actionItemStatusInput = z.strictObject({
	actionItemId: recordId,
	status: z.enum(['open', 'done']),
	expectedVersion
});

export const markAttendanceInput = z.strictObject({
	meetingId: recordId,
	userId: recordId,
	inRoom: z.boolean()
});

export const flagParticipantInput = z.strictObject({ participantId: recordId });
