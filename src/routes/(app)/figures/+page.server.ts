/** The program figures for the period asked for, compared with the period before it. */
import { figuresPage } from '$lib/server/figures';
import { pageLoad } from '$lib/server/http/actions';
import { signedIn } from '$lib/server/http/command-action';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	pageLoad(() => figuresPage(event.locals.services.db, signedIn(event), event.url.searchParams, new Date()));
