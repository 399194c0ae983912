/**
 * A person's notifications as their screens read them (the list, the unread count), and the
 * commands that mark them read: their own only, on whichever device, told to every other one.
 */
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { defineCommand } from '../commands/command';
import type { Conn } from '../db';
import { notifications } from '../db/notifications.schema';
import { notFound } from '../errors';
import { authorize, type Actor } from '../policy';
import type { NotificationView } from '../../shared/notifications';
import { choicesOf, usesNotifications } from './preferences';
import { renderNotifications } from './render';

/** How many notifications a page shows, newest first. */
export const PAGE_SIZE = 50;

const mine = (db: Conn, actor: Actor) =>
	and(eq(notifications.userId, actor.userId), inArray(notifications.kind, choicesOf(db, actor.userId).inApp));

/** Unread notifications of the kinds this person receives in the board. */
export function unreadCount(db: Conn, actor: Actor): number {
	const row = db
		.select({ n: count() })
		.from(notifications)
		.where(and(mine(db, actor), isNull(notifications.readAt)))
		.get();
	return row?.n ?? 0;
}

/** The newest notifications of this person, rendered for them now, and how many are unread. */
export function listNotifications(
	db: Conn,
	actor: Actor,
	{ now = new Date(), limit = PAGE_SIZE }: { now?: Date; limit?: number } = {}
): { items: NotificationView[]; unread: number } {
	authorize(actor, 'notifications.use', { jurisdictionId: actor.jurisdictionId });
	const rows = db
		.select()
		.from(notifications)
		.where(mine(db, actor))
		.orderBy(desc(notifications.createdAt), desc(notifications.id))
		.limit(limit)
		.all();
	return { items: renderNotifications(db, actor, rows, now), unread: unreadCount(db, actor) };
}

/** One notification of this person, rendered for them (null when it is not theirs, or not in the board). */
export function notificationFor(db: Conn, actor: Actor, notificationId: string, now = new Date()) {
	const row = db
		.select()
		.from(notifications)
		.where(and(eq(notifications.id, notificationId), mine(db, actor)))
		.get();
	return row ? (renderNotifications(db, actor, [row], now)[0] ?? null) : null;
}

const readInput = z.strictObject({ notificationId: z.string().min(1).max(64) });

/** Marks one of the person's own notifications read. */
export const markNotificationRead = defineCommand({
	name: 'notification.read',
	input: readInput,
	permit: usesNotifications,
	audit: (data, result?: { changed: number }) =>
		result?.changed === 0
			? null
			: {
					action: 'notifications.read',
					objectType: 'notification',
					objectId: typeof data?.notificationId === 'string' ? data.notificationId : null,
					detail: { count: result?.changed ?? null }
				},
	run({ tx, actor, now, changes }, data): { changed: number } {
		const own = and(eq(notifications.id, data.notificationId), eq(notifications.userId, actor.userId));
		const row = tx.select({ readAt: notifications.readAt }).from(notifications).where(own).get();
		if (!row) throw notFound('Notification');
		if (row.readAt) return { changed: 0 };
		tx.update(notifications).set({ readAt: now }).where(own).run();
		changes.notified(actor.userId, null);
		return { changed: 1 };
	}
});

/** Marks every unread notification of the person read. */
export const markAllNotificationsRead = defineCommand({
	name: 'notifications.readAll',
	input: z.object({}),
	permit: usesNotifications,
	audit: (_data, result?: { changed: number }) =>
		result?.changed === 0
			? null
			: {
					action: 'notifications.read',
					objectType: 'notification',
					objectId: null,
					detail: { count: result?.changed ?? null }
				},
	run({ tx, actor, now, changes }): { changed: number } {
		const changed = tx
			.update(notifications)
			.set({ readAt: now })
			.where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
			.run().changes;
		if (changed) changes.notified(actor.userId, null);
		return { changed };
	}
});
