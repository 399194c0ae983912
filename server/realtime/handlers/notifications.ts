/**
 * A person's notifications over socket.io: when one arrives or some are read (on any device),
 * every open screen of that person gets the unread count and, for an arrival, the notification
 * as that person may see it. Only the person's own room hears it.
 */
import type { PersonNotified } from '../../../src/lib/server/commands';
import { log } from '../../../src/lib/server/log';
import { notificationFor, unreadCount } from '../../../src/lib/server/notifications';
import type { Services } from '../../../src/lib/server/services';
import { loadActor } from '../../../src/lib/server/users';
import { rooms } from '../../../src/lib/shared/events';
import type { BoardServer } from '../types';
import type { Broadcaster } from './context';

export const broadcastNotifications: Broadcaster = (io, services) => {
	const onChange = (told: PersonNotified[]) => {
		try {
			tellEach(io, services, told);
		} catch (error) {
			log('error', 'notifications.fanout_failed', { error: String(error) });
		}
	};
	services.events.on('notifications-changed', onChange);
	return () => {
		services.events.off('notifications-changed', onChange);
	};
};

function tellEach(io: BoardServer, services: Services, told: PersonNotified[]): void {
	const byPerson = new Map<string, (string | null)[]>();
	for (const { userId, notificationId } of told)
		byPerson.set(userId, [...(byPerson.get(userId) ?? []), notificationId]);
	for (const [userId, ids] of byPerson) {
		const room = rooms.user(userId);
		if (!io.sockets.adapter.rooms.get(room)?.size) continue;
		const actor = loadActor(services.db, userId);
		if (!actor) continue;
		const unread = unreadCount(services.db, actor);
		const arrivedId = ids.findLast((id) => id !== null) ?? null;
		const arrived = arrivedId ? notificationFor(services.db, actor, arrivedId) : null;
		io.to(room).emit('notifications:v1', { unread, arrived });
	}
}
