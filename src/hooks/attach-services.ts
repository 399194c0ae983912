/** Gives every request the running board's services. */
import type { Handle } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';

export const attachServices: Handle = ({ event, resolve }) => {
	event.locals.services = getServices();
	return resolve(event);
};
