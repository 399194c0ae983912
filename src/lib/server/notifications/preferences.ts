/**
 * A person's choices of what they are told, in the board and in the daily e-mail digest, read
 * with the defaults under them, and the command that changes them (their own only).
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineCommand } from '../commands/command';
import type { Conn } from '../db';
import { prepared } from '../db/prepared';
import { notificationPreferences } from '../db/notifications.schema';
import { can, type Actor } from '../policy';
import {
	DEFAULT_NOTIFICATION_CHOICES,
	NOTIFICATION_KINDS,
	type NotificationChoices,
	type NotificationKind
} from '../../shared/notifications';

/** This person's choices; the defaults (everything in the board, no e-mail) until they choose. */
/** Read for each person a change may tell: prepared once. */
const choicesRow = prepared((db) =>
	db
		.select({ inApp: notificationPreferences.inApp, digest: notificationPreferences.digest })
		.from(notificationPreferences)
		.where(eq(notificationPreferences.userId, sql.placeholder('userId')))
		.prepare()
);

export function choicesOf(db: Conn, userId: string): NotificationChoices {
	const row = choicesRow(db).get({ userId });
	return row
		? { inApp: known(row.inApp), digest: known(row.digest) }
		: structuredClone(DEFAULT_NOTIFICATION_CHOICES);
}

/** Stored kinds the board still knows, in the board's order. */
function known(kinds: readonly string[]): NotificationKind[] {
	return NOTIFICATION_KINDS.filter((k) => kinds.includes(k));
}

/** Does this person want this kind anywhere (so it is worth raising)? */
export function wantsAnywhere(choices: NotificationChoices, kind: NotificationKind): boolean {
	return choices.inApp.includes(kind) || choices.digest.includes(kind);
}

const kinds = z
	.array(z.enum(NOTIFICATION_KINDS, 'Choose from the kinds listed.'))
	.max(NOTIFICATION_KINDS.length)
	.transform((list) => NOTIFICATION_KINDS.filter((k) => list.includes(k)));

export const notificationChoicesInput = z.strictObject({ inApp: kinds, digest: kinds });

const usesNotifications = (actor: Actor) =>
	can(actor, 'notifications.use', { jurisdictionId: actor.jurisdictionId });

/** The signed-in person chooses what they are told, and where. */
export const setNotificationChoices = defineCommand({
	name: 'notifications.choose',
	input: notificationChoicesInput,
	permit: usesNotifications,
	audit: (data) => ({
		action: 'notifications.preferences_changed',
		objectType: 'user',
		objectId: null,
		detail: { inApp: data?.inApp?.length ?? null, digest: data?.digest?.length ?? null }
	}),
	run({ tx, actor, now }, data): NotificationChoices {
		tx.insert(notificationPreferences)
			.values({ userId: actor.userId, inApp: data.inApp, digest: data.digest, updatedAt: now })
			.onConflictDoUpdate({
				target: notificationPreferences.userId,
				set: { inApp: data.inApp, digest: data.digest, updatedAt: now }
			})
			.run();
		return { inApp: data.inApp, digest: data.digest };
	}
});

export { usesNotifications };
