/** The signed-in person's own settings: which notifications they receive, in the board and by e-mail. */
import { commandAction, signedIn } from '$lib/server/http/command-action';
import { choicesOf } from '$lib/server/notifications';
import { user } from '$lib/server/db/schema';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	const { db, config } = event.locals.services;
	const email =
		db.select({ email: user.email }).from(user).where(eq(user.id, actor.userId)).get()?.email ?? '';
	return {
		choices: choicesOf(db, actor.userId),
		mail: config.mail ? { email, hour: config.mail.digestHour } : null
	};
};

export const actions: Actions = {
	notifications: (event) =>
		commandAction(event, { name: 'notifications.choose', defaults: { inApp: [], digest: [] } })
};
