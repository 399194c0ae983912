/** The signed-in person's notifications: the list, "mark as read", "mark all as read", and opening one. */
import { redirect } from '@sveltejs/kit';
import { commandAction, signedIn } from '$lib/server/http/command-action';
import { listNotifications, notificationFor } from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	event.depends('app:notifications');
	const actor = signedIn(event);
	return listNotifications(event.locals.services.db, actor);
};

export const actions: Actions = {
	read: (event) => commandAction(event, { name: 'notification.read' }),
	readAll: (event) => commandAction(event, { name: 'notifications.readAll' }),
	/** Opening a notification (`?/open&id=…`) reads it, then goes to what it is about. */
	open: async (event) => {
		const notificationId = event.url.searchParams.get('id') ?? '';
		const result = await commandAction(event, { name: 'notification.read', extra: { notificationId } });
		if (!('ok' in result)) return result;
		const opened = notificationFor(event.locals.services.db, signedIn(event), notificationId);
		redirect(303, opened?.href ?? '/notifications');
	}
};
