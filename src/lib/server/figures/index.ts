/**
 * The program figures: what the figures page, the printed packet, the API and a PCG snapshot ask
 * for. A request names a period (or takes the default, since the last PCG meeting); the reader
 * decides whether staff names are shown.
 */
import { actorFields, recordAudit } from '../audit';
import type { Conn } from '../db';
import { forbidden } from '../errors';
import { can, type Actor } from '../policy';
import { programOf } from '../program/settings';
import type { FigurePeriod, FiguresReport } from '../../shared/figures';
import { defaultPeriod, periodInput, yearTo } from './period';
import { figuresReport } from './report';
import { tokenHolder } from './tokens';
import type { Reader } from './present';

export { figuresReport, countFigures, type FigureCounts } from './report';
export { periodInput, defaultPeriod, yearTo, resolvePeriod } from './period';
export { snapshotsOf, freezeFigures } from './snapshot';
export { FIGURE_DEFINITIONS } from './definitions';
export type { Reader } from './present';

export interface PeriodChoice {
	period: FigurePeriod;
	/** What was wrong with the period asked for, when it could not be used. */
	problem: string | null;
	presets: { label: string; period: FigurePeriod }[];
}

/** The period asked for in `?from=&to=`, or the default with the reason it was not used. */
export function choosePeriod(
	db: Conn,
	jurisdictionId: string,
	query: URLSearchParams,
	now: Date
): PeriodChoice {
	const { timezone, settings } = programOf(db, jurisdictionId);
	const sinceLastPcg = defaultPeriod(db, jurisdictionId, timezone, settings.pcgCadenceDays, now);
	const year = yearTo(now, timezone);
	const presets = [
		{ label: 'Since the last PCG meeting', period: sinceLastPcg },
		{ label: 'Last 12 months', period: year },
		{ label: 'This calendar year', period: { from: `${year.to.slice(0, 4)}-01-01`, to: year.to } }
	];
	const from = query.get('from');
	const to = query.get('to');
	if (from === null && to === null) return { period: sinceLastPcg, problem: null, presets };
	const asked = periodInput.safeParse({ from: from ?? '', to: to ?? '' });
	if (asked.success) return { period: asked.data, problem: null, presets };
	return {
		period: sinceLastPcg,
		problem: asked.error.issues[0]?.message ?? 'That period cannot be used.',
		presets
	};
}

/** What a signed-in reader may see of the names behind the figures. */
export function readerOf(actor: Actor): Reader {
	return { staffNames: can(actor, 'figures.staff_names', { jurisdictionId: actor.jurisdictionId }) };
}

export function figuresFor(db: Conn, actor: Actor, period: FigurePeriod, now: Date): FiguresReport {
	return figuresReport(db, actor.jurisdictionId, period, now, readerOf(actor));
}

/** The figures page and its printed form: the reader's figures for the period in the query. */
export function figuresPage(db: Conn, actor: Actor, query: URLSearchParams, now: Date) {
	if (!can(actor, 'figures.read', { jurisdictionId: actor.jurisdictionId })) {
		throw forbidden('Your role does not read the program figures.');
	}
	const choice = choosePeriod(db, actor.jurisdictionId, query, now);
	return { ...choice, report: figuresFor(db, actor, choice.period, now) };
}

/** A request to the figures API: from a signed-in session, or a dashboard's token. */
export interface ApiRequest {
	actor: Actor | null;
	authorization: string | null;
	query: URLSearchParams;
	sourceAddress: string | null;
}

export type ApiAnswer =
	{ status: 200; body: FiguresReport } | { status: 400 | 401 | 403; body: { code: string; message: string } };

const refusal = (status: 400 | 401 | 403, code: string, message: string): ApiAnswer => ({
	status,
	body: { code, message }
});

/**
 * `GET /api/v1/figures?from=&to=`: the same figures as the page, for the period given (both ends,
 * or neither for the default). A token reads its own jurisdiction, never staff names, and each
 * read is in the audit trail; a session reads as its person.
 */
export function figuresApi(db: Conn, req: ApiRequest, now: Date): ApiAnswer {
	let jurisdictionId: string;
	let reader: Reader;
	if (req.authorization !== null) {
		const holder = tokenHolder(db, req.authorization);
		if (!holder) return refusal(401, 'unauthorized', 'The API token is not valid, or has been revoked.');
		jurisdictionId = holder.jurisdictionId;
		reader = { staffNames: false };
		recordAudit(db, {
			...actorFields(null),
			jurisdictionId,
			sourceAddress: req.sourceAddress,
			action: 'figures.read_by_token',
			objectType: 'api_token',
			objectId: holder.tokenId,
			outcome: 'success',
			detail: { from: req.query.get('from'), to: req.query.get('to') }
		});
	} else if (req.actor) {
		if (!can(req.actor, 'figures.read', { jurisdictionId: req.actor.jurisdictionId })) {
			return refusal(403, 'forbidden', 'Your role does not read the program figures.');
		}
		jurisdictionId = req.actor.jurisdictionId;
		reader = readerOf(req.actor);
	} else {
		return refusal(401, 'unauthorized', 'Sign in, or send an API token as "Authorization: Bearer …".');
	}
	const choice = choosePeriod(db, jurisdictionId, req.query, now);
	if (choice.problem)
		return refusal(400, 'invalid_input', `${choice.problem} Give both from and to as YYYY-MM-DD.`);
	return { status: 200, body: figuresReport(db, jurisdictionId, choice.period, now, reader) };
}
