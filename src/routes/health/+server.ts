import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** For load balancers and start-up scripts: answers once the board can serve. */
export const GET: RequestHandler = () => json({ ok: true });
