/**
 * A notification's words as one reader may see them, rendered when it is read from the records
 * it names: a participant through `visibleCategories` with their current consents (a consent
 * given or withdrawn since applies at once), a meeting through the meeting rules. Whatever the
 * reader may not see is left out and said so in one quiet line.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Conn } from '../db';
import { actionItems, agendaComments, agendaItems } from '../db/meetings.schema';
import type { Notification } from '../db/notifications.schema';
import { contacts, participants, referrals, type Participant } from '../db/participants.schema';
import { agencies, meetings, type Meeting } from '../db/schema';
import { loadConsents, type LoadedConsent } from '../participants/consent-grants';
import { participantResource } from '../participants/changes';
import { daysLeft } from '../participants/deadline';
import { authorName, loadUsers, type UserSummary } from '../participants/staff';
import { meetingResource } from '../meetings/records';
import {
	ACTION_ITEM_CATEGORY,
	COMMENT_CATEGORY,
	can,
	sees,
	visibleCategories,
	type Actor,
	type InformationCategory
} from '../policy';
import { programOf } from '../program/settings';
import { CONTACT_KIND_LABELS } from '../../shared/participant-labels';
import type { NotificationParticipant, NotificationView } from '../../shared/notifications';
import { localDay } from './sweep';

/** Everything the notifications on one page name, loaded with one query per table. */
interface Loaded {
	actor: Actor;
	now: Date;
	timezone: string;
	users: Map<string, UserSummary>;
	participants: Map<string, Participant>;
	consents: Map<string, LoadedConsent[]>;
	meetings: Map<string, Meeting>;
	agencyNames: Map<string, string>;
	subjects: Map<string, Record<string, unknown>>;
}

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));

function load(db: Conn, actor: Actor, rows: Notification[], now: Date): Loaded {
	const ids = (pick: (n: Notification) => string | null) => [
		...new Set(rows.map(pick).filter((id): id is string => !!id))
	];
	const participantIds = ids((n) => n.participantId);
	const meetingIds = ids((n) => n.meetingId);
	const subjects = ids((n) => n.subjectId);
	const some = <T>(list: string[], read: () => T[]): T[] => (list.length ? read() : []);
	return {
		actor,
		now,
		timezone: programOf(db, actor.jurisdictionId).timezone,
		users: loadUsers(db, actor.jurisdictionId),
		participants: byId(
			some(participantIds, () =>
				db.select().from(participants).where(inArray(participants.id, participantIds)).all()
			)
		),
		consents: participantIds.length ? loadConsents(db, actor.jurisdictionId, participantIds) : new Map(),
		meetings: byId(
			some(meetingIds, () => db.select().from(meetings).where(inArray(meetings.id, meetingIds)).all())
		),
		agencyNames: new Map(
			db
				.select({ id: agencies.id, name: agencies.name })
				.from(agencies)
				.where(eq(agencies.jurisdictionId, actor.jurisdictionId))
				.all()
				.map((a) => [a.id, a.name])
		),
		subjects: new Map<string, Record<string, unknown>>(
			subjects.length
				? [
						...db.select().from(referrals).where(inArray(referrals.id, subjects)).all(),
						...db.select().from(contacts).where(inArray(contacts.id, subjects)).all(),
						...db.select().from(actionItems).where(inArray(actionItems.id, subjects)).all(),
						...db.select().from(agendaComments).where(inArray(agendaComments.id, subjects)).all()
					].map((r) => [r.id, r])
				: []
		)
	};
}

/** What this reader may see of a notification's participant: whether at all, and which categories. */
interface Sight {
	participant: NotificationParticipant | null;
	visible: ReadonlySet<InformationCategory>;
}

function sightOf(l: Loaded, participantId: string | null): Sight | null {
	if (!participantId) return null;
	const p = l.participants.get(participantId);
	if (!p || !can(l.actor, 'participant.view', participantResource(p)))
		return { participant: null, visible: new Set() };
	const grants = (l.consents.get(p.id) ?? []).map((c) => c.grant);
	const visible = visibleCategories(
		l.actor,
		{ ...participantResource(p), participantId: p.id },
		grants,
		l.now
	);
	return {
		participant: {
			participantId: p.id,
			code: p.code,
			...(sees(visible, 'identity') ? { name: p.legalName } : {})
		},
		visible
	};
}

const NOT_SHARED = 'Participant details: not shared with you.';

function dayLabel(date: string): string {
	return new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
		new Date(`${date}T00:00:00Z`)
	);
}

function meetingWhen(m: Meeting, timezone: string): string {
	return new Intl.DateTimeFormat('en-US', {
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		hour: 'numeric',
		minute: '2-digit',
		timeZone: timezone
	}).format(m.startsAt);
}

type Words = Pick<NotificationView, 'title' | 'detail' | 'withheld' | 'href'>;

function assessmentWords(l: Loaded, n: Notification, sight: Sight | null): Words {
	const r = l.subjects.get(n.subjectId) as {
		assessmentDueAt: Date | null;
		assessmentCompletedAt: Date | null;
	};
	const href = sight?.participant ? `/participants/${sight.participant.participantId}` : null;
	if (!sight?.participant || !r?.assessmentDueAt)
		return { title: 'Assessment due soon', detail: null, withheld: NOT_SHARED, href };
	if (r.assessmentCompletedAt) return { title: 'Assessment completed', detail: null, withheld: null, href };
	const left = daysLeft(r.assessmentDueAt, l.now, l.timezone);
	const title =
		left > 1
			? `Assessment due in ${left} days`
			: left === 1
				? 'Assessment due tomorrow'
				: left === 0
					? 'Assessment due today'
					: `Assessment overdue by ${-left} ${-left === 1 ? 'day' : 'days'}`;
	const due = dayLabel(localDay(r.assessmentDueAt, l.timezone));
	return { title, detail: `Due ${due}.`, withheld: null, href };
}

function policeContactWords(l: Loaded, n: Notification, sight: Sight | null): Words {
	const c = l.subjects.get(n.subjectId) as
		{ kind: keyof typeof CONTACT_KIND_LABELS; occurredAt: Date } | undefined;
	const href = sight?.participant ? `/participants/${sight.participant.participantId}` : null;
	if (!sight?.participant) return { title: 'New police contact', detail: null, withheld: NOT_SHARED, href };
	if (!c || !sees(sight.visible, 'contact_log'))
		return {
			title: 'New police contact',
			detail: null,
			withheld: 'Contact details: not shared with you.',
			href
		};
	const on = dayLabel(localDay(c.occurredAt, l.timezone));
	return {
		title: 'New police contact',
		detail: `${CONTACT_KIND_LABELS[c.kind]} on ${on}.`,
		withheld: null,
		href
	};
}

function actionItemWords(l: Loaded, n: Notification, sight: Sight | null): Words {
	const a = l.subjects.get(n.subjectId) as
		{ what: string; dueDate: string; status: string; ownerAgencyId: string } | undefined;
	const m = n.meetingId ? l.meetings.get(n.meetingId) : undefined;
	const href = m && can(l.actor, 'meeting.view', meetingResource(m)) ? `/meetings/${m.id}` : null;
	if (!a) return { title: 'Action item', detail: null, withheld: null, href };
	const today = localDay(l.now, l.timezone);
	const title =
		a.status === 'done'
			? 'Action item done'
			: a.dueDate < today
				? `Action item overdue (due ${dayLabel(a.dueDate)})`
				: a.dueDate === today
					? 'Action item due today'
					: a.dueDate === localDay(l.now, l.timezone, 1)
						? 'Action item due tomorrow'
						: `Action item due ${dayLabel(a.dueDate)}`;
	const owner = l.agencyNames.get(a.ownerAgencyId);
	const shown = !sight || (sight.participant !== null && sees(sight.visible, ACTION_ITEM_CATEGORY));
	return {
		title: owner ? `${title} · ${owner}` : title,
		detail: shown ? a.what : null,
		withheld: shown ? null : 'What it says: not shared with you.',
		href
	};
}

function commentWords(l: Loaded, n: Notification, sight: Sight | null, itemTitle: string | null): Words {
	const c = l.subjects.get(n.subjectId) as { authorUserId: string; body: string } | undefined;
	const m = n.meetingId ? l.meetings.get(n.meetingId) : undefined;
	const mayView = !!m && can(l.actor, 'meeting.view', meetingResource(m));
	const title = m && mayView ? `New comment on the agenda of ${m.title}` : 'New comment on an agenda';
	const readable =
		mayView && !!c && (!sight || (sight.participant !== null && sees(sight.visible, COMMENT_CATEGORY)));
	return {
		title,
		detail: readable
			? `${authorName(l.users, c.authorUserId)} on “${itemTitle ?? 'an item'}”: ${c.body}`
			: null,
		withheld: readable ? null : 'The comment: not shared with you.',
		href: mayView && m ? `/meetings/${m.id}` : null
	};
}

function publishedWords(l: Loaded, n: Notification): Words {
	const m = n.meetingId ? l.meetings.get(n.meetingId) : undefined;
	if (!m || !can(l.actor, 'meeting.view', meetingResource(m)))
		return {
			title: 'Agenda published',
			detail: null,
			withheld: 'This meeting is no longer open to you.',
			href: null
		};
	const where = m.location ? ` · ${m.location}` : '';
	return {
		title: `Agenda published: ${m.title}`,
		detail: `${meetingWhen(m, l.timezone)}${where}`,
		withheld: null,
		href: `/meetings/${m.id}`
	};
}

/** The agenda item a comment is on, by comment id, for the comment's words. */
function commentItems(
	db: Conn,
	rows: Notification[],
	l: Loaded
): Map<string, { title: string; participantId: string | null }> {
	const itemIds = rows
		.filter((n) => n.kind === 'agenda_comment')
		.map((n) => (l.subjects.get(n.subjectId) as { agendaItemId?: string } | undefined)?.agendaItemId)
		.filter((id): id is string => !!id);
	if (!itemIds.length) return new Map();
	const items = byId(db.select().from(agendaItems).where(inArray(agendaItems.id, itemIds)).all());
	const out = new Map<string, { title: string; participantId: string | null }>();
	for (const n of rows) {
		const itemId = (l.subjects.get(n.subjectId) as { agendaItemId?: string } | undefined)?.agendaItemId;
		const item = itemId ? items.get(itemId) : undefined;
		if (item) out.set(n.id, { title: item.title, participantId: item.participantId });
	}
	return out;
}

/** The notifications as this reader may see them now, in the order given. */
export function renderNotifications(
	db: Conn,
	actor: Actor,
	rows: Notification[],
	now: Date
): NotificationView[] {
	if (!rows.length) return [];
	const l = load(db, actor, rows, now);
	const items = commentItems(db, rows, l);
	return rows.map((n) => {
		const item = items.get(n.id);
		const sight = sightOf(l, n.participantId ?? item?.participantId ?? null);
		const words =
			n.kind === 'assessment_due'
				? assessmentWords(l, n, sight)
				: n.kind === 'police_contact'
					? policeContactWords(l, n, sight)
					: n.kind === 'action_item_due'
						? actionItemWords(l, n, sight)
						: n.kind === 'agenda_comment'
							? commentWords(l, n, sight, sight && !sight.participant ? null : (item?.title ?? null))
							: publishedWords(l, n);
		return {
			notificationId: n.id,
			kind: n.kind,
			at: n.createdAt.toISOString(),
			read: n.readAt !== null,
			participant: sight?.participant ?? null,
			...words
		};
	});
}
