/**
 * Prometheus's scrape: the board's metrics, for a caller with `Authorization: Bearer
 * <METRICS_TOKEN>`. Without a configured token the page does not exist.
 */
import { timingSafeEqual } from 'node:crypto';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

function sameToken(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

export const GET: RequestHandler = async ({ locals, request }) => {
	const { config, metrics } = locals.services;
	if (!config.metricsToken) error(404, 'Not Found');
	const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
	if (!sameToken(given, config.metricsToken)) {
		return new Response('A metrics token is required.', {
			status: 401,
			headers: { 'www-authenticate': 'Bearer realm="metrics"' }
		});
	}
	const { body, contentType } = await metrics.exposition();
	return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
};
