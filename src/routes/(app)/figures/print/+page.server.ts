/** The program figures on paper: the same tables as the figures page, for the period asked for. */
import { figuresPage } from '$lib/server/figures';
import { pageLoad } from '$lib/server/http/actions';
import { signedIn } from '$lib/server/http/command-action';
import { printedBy } from '$lib/server/paper';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	pageLoad(() => {
		const actor = signedIn(event);
		const { db } = event.locals.services;
		const now = new Date();
		return { ...figuresPage(db, actor, event.url.searchParams, now), paper: printedBy(db, actor, now) };
	});
