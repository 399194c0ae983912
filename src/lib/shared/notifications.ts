/**
 * Notifications between meetings, as the browser and the server share them: the kinds a person
 * can be told about, the words for them, a notification as one reader may see it (already
 * redacted by the server), and a person's choices of what to receive where.
 */

export const NOTIFICATION_KINDS = [
	'assessment_due',
	'police_contact',
	'action_item_due',
	'agenda_comment',
	'agenda_published'
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** How the settings page and the digest name each kind. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
	assessment_due: 'Assessment due soon for my participants',
	police_contact: 'New police contact on my participants',
	action_item_due: 'Action items for my agency due tomorrow or overdue',
	agenda_comment: 'Comments on agendas I prepare',
	agenda_published: 'Agendas published for meetings I am invited to'
};

/** A participant as a notification names them: the code always, the name only where allowed. */
export interface NotificationParticipant {
	participantId: string;
	code: string;
	/** Absent when this reader may not see the participant's identity. */
	name?: string;
}

/** One notification as this reader may see it, rendered from stored references when it is read. */
export interface NotificationView {
	notificationId: string;
	kind: NotificationKind;
	/** When it was raised (ISO). */
	at: string;
	read: boolean;
	title: string;
	/** One line of detail, or null when there is none this reader may see. */
	detail: string | null;
	/** A quiet line saying what is withheld, when something is. */
	withheld: string | null;
	participant: NotificationParticipant | null;
	/** Where "Open" goes: the participant page or the meeting. */
	href: string | null;
}

/** What every open screen of a person is told when their notifications change. */
export interface NotificationsChanged {
	unread: number;
	/** The notification that just arrived, when one did (not when one was marked read). */
	arrived: NotificationView | null;
}

/** Where a person receives each kind: in the board, and in the daily e-mail digest. */
export interface NotificationChoices {
	inApp: NotificationKind[];
	digest: NotificationKind[];
}

/** Everything in the board, nothing by e-mail until the person asks for the digest. */
export const DEFAULT_NOTIFICATION_CHOICES: NotificationChoices = {
	inApp: [...NOTIFICATION_KINDS],
	digest: []
};

export function isNotificationKind(value: unknown): value is NotificationKind {
	return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
