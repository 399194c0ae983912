/**
 * A meeting as one person may see it: details, the agenda (participant items withheld from
 * whoever may not see the participant), comments, decisions and action items (each shown only
 * where the reader may see its category), carried action items, attendance, and what "now
 * discussing" shows them. One builder serves the review page, the live page and the minutes.
 */
import { snapshotsOf } from '../figures/snapshot';
import { asc, eq } from 'drizzle-orm';
import type { Conn, Db } from '../db';
import type { Meeting } from '../db/schema';
import {
	agendaComments,
	meetingAttendance,
	meetingDecisions,
	actionItems,
	type ActionItem,
	type AgendaComment,
	type AgendaItem,
	type MeetingDecision
} from '../db/meetings.schema';
import { loadJurisdiction } from '../participants/changes';
import { participantCardView } from '../participants/views';
import {
	ACTION_ITEM_CATEGORY,
	COMMENT_CATEGORY,
	DECISION_CATEGORY,
	can,
	sees,
	type Actor,
	type MeetingResource
} from '../policy';
import { WITHHELD_ITEM_TITLE } from '../../shared/meeting-events';
import { MEETING_ACTIONS, type MeetingAction } from '../../shared/meeting-values';
import type {
	ActionItemView,
	AgendaItemView,
	AttendeeView,
	CommentView,
	DecisionView,
	ItemFocus,
	MeetingSummary,
	MeetingView
} from '../../shared/meeting-views';
import { agendaOf } from './agenda';
import { previousMeeting } from './build-agenda';
import { openActionItemsBefore } from './decisions';
import { openFlags } from './flags';
import {
	agendaParticipant,
	loadDirectory,
	loadMentioned,
	personRef,
	sightOf,
	type Directory,
	type DirectoryPerson,
	type MentionedParticipant,
	type Sight
} from './directory';
import { describeNotesReaders } from '../notes/readers';
import { authorizeMeeting, loadMeeting, meetingResource } from './records';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function meetingSummary(m: Meeting): MeetingSummary {
	return {
		meetingId: m.id,
		kind: m.kind,
		title: m.title,
		startsAt: m.startsAt.toISOString(),
		location: m.location,
		callLink: m.callLink,
		status: m.status,
		version: m.version,
		startedAt: iso(m.startedAt),
		endedAt: iso(m.endedAt),
		approvedAt: iso(m.approvedAt)
	};
}

interface Ctx {
	actor: Actor;
	dir: Directory;
	mentioned: Map<string, MentionedParticipant>;
	sight: (participantId: string | null) => Sight | null;
	today: string;
}

function decisionView(d: MeetingDecision, ctx: Ctx): DecisionView {
	const sight = ctx.sight(d.participantId);
	const shown =
		!sight || (sight.view && d.kind !== null && sees(sight.categories, DECISION_CATEGORY[d.kind]));
	const base = {
		decisionId: d.id,
		itemId: d.agendaItemId,
		recordedBy: personRef(ctx.dir, d.recordedByUserId),
		at: d.createdAt.toISOString()
	};
	if (!shown) return { ...base, kind: null, withheld: true, agreeing: [] };
	return {
		...base,
		kind: d.kind,
		text: d.text,
		withheld: false,
		agreeing: d.agreeingAgencyIds.flatMap((id) => ctx.dir.agencies.get(id) ?? [])
	};
}

export function actionItemView(a: ActionItem, ctx: Ctx): ActionItemView {
	const sight = ctx.sight(a.participantId);
	const shown = !sight || (sight.view && sees(sight.categories, ACTION_ITEM_CATEGORY));
	const p = a.participantId ? ctx.mentioned.get(a.participantId) : undefined;
	return {
		actionItemId: a.id,
		meetingId: a.meetingId,
		itemId: a.agendaItemId,
		participant: p && sight?.view ? agendaParticipant(p, sight) : null,
		...(shown ? { what: a.what } : {}),
		withheld: !shown,
		owner: ctx.dir.agencies.get(a.ownerAgencyId) ?? null,
		ownerPerson: personRef(ctx.dir, a.ownerUserId),
		dueDate: a.dueDate,
		overdue: a.status === 'open' && a.dueDate < ctx.today,
		status: a.status,
		doneAt: iso(a.doneAt),
		version: a.version,
		canComplete: can(ctx.actor, 'actionItem.complete', a)
	};
}

interface Records {
	comments: AgendaComment[];
	decisions: MeetingDecision[];
	actions: ActionItem[];
}

function commentView(c: AgendaComment, ctx: Ctx): CommentView {
	return {
		commentId: c.id,
		author: personRef(ctx.dir, c.authorUserId)!,
		at: c.createdAt.toISOString(),
		body: c.body
	};
}

function itemView(item: AgendaItem, ctx: Ctx, records: Records): AgendaItemView {
	const sight = ctx.sight(item.participantId);
	const p = item.participantId ? ctx.mentioned.get(item.participantId) : undefined;
	const base = {
		itemId: item.id,
		position: item.position,
		kind: item.kind,
		plannedMinutes: item.plannedMinutes,
		spentSeconds: item.spentSeconds
	};
	if (sight && !sight.view) {
		// The item keeps its place and time (so "Item 7 of 23" means the same to everyone), nothing else.
		return {
			...base,
			title: WITHHELD_ITEM_TITLE,
			reasons: [],
			participant: null,
			withheld: true,
			comments: [],
			commentsWithheld: 0,
			decisions: [],
			actionItems: []
		};
	}
	const comments = records.comments.filter((c) => c.agendaItemId === item.id);
	const readable = !sight || sees(sight.categories, COMMENT_CATEGORY);
	return {
		...base,
		title: item.title,
		reasons: item.reasons,
		participant: p && sight ? agendaParticipant(p, sight) : null,
		withheld: false,
		comments: readable ? comments.map((c) => commentView(c, ctx)) : [],
		commentsWithheld: readable ? 0 : comments.length,
		decisions: records.decisions.filter((d) => d.agendaItemId === item.id).map((d) => decisionView(d, ctx)),
		actionItems: records.actions.filter((a) => a.agendaItemId === item.id).map((a) => actionItemView(a, ctx))
	};
}

function loadRecords(db: Conn, meetingId: string): Records {
	return {
		comments: db
			.select()
			.from(agendaComments)
			.where(eq(agendaComments.meetingId, meetingId))
			.orderBy(asc(agendaComments.createdAt))
			.all(),
		decisions: db
			.select()
			.from(meetingDecisions)
			.where(eq(meetingDecisions.meetingId, meetingId))
			.orderBy(asc(meetingDecisions.createdAt))
			.all(),
		actions: db
			.select()
			.from(actionItems)
			.where(eq(actionItems.meetingId, meetingId))
			.orderBy(asc(actionItems.createdAt))
			.all()
	};
}

function localToday(now: Date, timeZone: string): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(now);
}

function buildCtx(
	db: Conn,
	actor: Actor,
	m: Meeting,
	participantIds: string[],
	now: Date,
	timeZone: string
): Ctx {
	const dir = loadDirectory(db, m.jurisdictionId);
	const mentioned = loadMentioned(db, m.jurisdictionId, participantIds);
	const sights = new Map<string, Sight>();
	return {
		actor,
		dir,
		mentioned,
		today: localToday(now, timeZone),
		sight: (id) => {
			if (!id) return null;
			if (!sights.has(id)) sights.set(id, sightOf(actor, mentioned.get(id)));
			return sights.get(id)!;
		}
	};
}

/** What "now discussing" (or any item a viewer steps to) shows this viewer. */
export function itemFocus(db: Conn, actor: Actor, m: Meeting, item: AgendaItem, now: Date): ItemFocus {
	if (!item.participantId) return { itemId: item.id };
	const sight = sightOf(
		actor,
		loadMentioned(db, m.jurisdictionId, [item.participantId]).get(item.participantId)
	);
	if (!sight.view)
		return { itemId: item.id, withheldLine: 'Participant details are not shared with your role.' };
	const previous = previousMeeting(db, m);
	const since = previous ? (previous.startedAt ?? previous.startsAt) : undefined;
	return { itemId: item.id, card: participantCardView(db, actor, item.participantId, { now, since }) };
}

function allowedOf(actor: Actor, r: MeetingResource): Record<MeetingAction, boolean> {
	return Object.fromEntries(MEETING_ACTIONS.map((a) => [a, can(actor, a, r)])) as Record<
		MeetingAction,
		boolean
	>;
}

/** Who is invited, and the agencies and invited people the decision and action-item forms offer. */
function invitationOf(m: Meeting, dir: Directory): Pick<MeetingView, 'invited' | 'agencies' | 'people'> {
	const invited = (p: DirectoryPerson) =>
		m.invitedAgencyIds.includes(p.agencyId) || m.invitedUserIds.includes(p.userId);
	return {
		invited: {
			agencies: m.invitedAgencyIds.flatMap((id) => dir.agencies.get(id) ?? []),
			people: m.invitedUserIds.flatMap((id) => personRef(dir, id) ?? [])
		},
		agencies: [...dir.agencies.values()],
		people: [...dir.people.values()]
			.filter((p) => !p.disabled && invited(p))
			.map((p) => personRef(dir, p.userId)!)
	};
}

export function meetingView(db: Db, actor: Actor, meetingId: string, opts: { now?: Date } = {}): MeetingView {
	const now = opts.now ?? new Date();
	const m = loadMeeting(db, actor, meetingId);
	authorizeMeeting(actor, 'meeting.view', m);
	const allowed = allowedOf(actor, meetingResource(m));
	const timeZone = loadJurisdiction(db, m.jurisdictionId).timezone;
	const agendaVisible = allowed['meeting.agenda.view'];
	const items = agendaVisible ? agendaOf(db, m.id) : [];
	const records = agendaVisible ? loadRecords(db, m.id) : { comments: [], decisions: [], actions: [] };
	const carried = agendaVisible ? openActionItemsBefore(db, m) : [];
	const ids = [...items, ...carried].flatMap((x) => (x.participantId ? [x.participantId] : []));
	const ctx = buildCtx(db, actor, m, ids, now, timeZone);
	const current = items.find((i) => i.id === m.currentItemId);
	return {
		meeting: meetingSummary(m),
		live: {
			currentItemId: m.currentItemId,
			currentStartedAt: iso(m.currentItemStartedAt),
			serverNow: now.toISOString()
		},
		agenda: items.map((i) => itemView(i, ctx, records)),
		agendaVisible,
		carriedActionItems: carried.map((a) => actionItemView(a, ctx)),
		attendance: attendanceOf(db, m.id, ctx.dir),
		...invitationOf(m, ctx.dir),
		allowed,
		notes: {
			canRead: allowed['meeting.notes.read'],
			canWrite: allowed['meeting.notes.write'],
			readers: describeNotesReaders(db, m)
		},
		focus: current ? itemFocus(db, actor, m, current, now) : null,
		...(allowed['meeting.agenda.build'] ? { flaggedNotOnAgenda: flaggedNotOnAgenda(db, m, items) } : {}),
		figures: agendaVisible ? figuresOf(db, actor, m) : {},
		timeZone
	};
}

/** The figures frozen on a PCG agenda, with staff names only for readers the policy allows. */
function figuresOf(db: Conn, actor: Actor, m: Meeting): MeetingView['figures'] {
	if (m.kind !== 'policy_group') return {};
	const staffNames = can(actor, 'figures.staff_names', { jurisdictionId: m.jurisdictionId });
	return snapshotsOf(db, m.id, m.jurisdictionId, { staffNames });
}

/** Participants flagged for discussion whom this agenda does not review yet. */
function flaggedNotOnAgenda(db: Conn, m: Meeting, items: AgendaItem[]): number {
	const onAgenda = new Set(items.map((i) => i.participantId));
	return new Set(
		openFlags(db, m.jurisdictionId)
			.map((f) => f.participantId)
			.filter((id) => !onAgenda.has(id))
	).size;
}

function attendanceOf(db: Conn, meetingId: string, dir: Directory): AttendeeView[] {
	return db
		.select()
		.from(meetingAttendance)
		.where(eq(meetingAttendance.meetingId, meetingId))
		.orderBy(asc(meetingAttendance.firstSeenAt))
		.all()
		.flatMap((a) => {
			const person = personRef(dir, a.userId);
			return person
				? [{ person, source: a.source, inRoom: a.inRoom, firstSeenAt: a.firstSeenAt.toISOString() }]
				: [];
		})
		.sort((a, b) => a.person.name.localeCompare(b.person.name));
}
