/**
 * A program's figures for a period: counted from the records (`FigureCounts`, what a PCG
 * snapshot keeps) and then shown to a reader through small-number protection. The one entry the
 * figures page, the API, the printed packet and the snapshot all use.
 */
import type { Conn } from '../db';
import { programOf } from '../program/settings';
import type { FigurePeriod, FiguresReport } from '../../shared/figures';
import { loadFigureData } from './data';
import { countPeriods, histories, type FigureCounts } from './counts';
import { resolvePeriod } from './period';
import { presentFigures, type Reader } from './present';

export type { FigureCounts };

/** Counts every figure for the period and the one before it. */
export function countFigures(
	db: Conn,
	jurisdictionId: string,
	period: FigurePeriod,
	now: Date
): FigureCounts {
	const program = programOf(db, jurisdictionId);
	const resolved = resolvePeriod(period, program.timezone);
	const data = loadFigureData(db, jurisdictionId, { from: resolved.before.from, to: resolved.current.to });
	const { current, before } = countPeriods(data, histories(data), resolved, now.getTime());
	const referrers = new Set([...Object.keys(current.byOfficer), ...Object.keys(before.byOfficer)]);
	const { settings } = program;
	return {
		program: program.name,
		timezone: program.timezone,
		period: resolved.period,
		previous: resolved.previous,
		threshold: settings.smallNumberThreshold,
		computedAt: now.toISOString(),
		settings: {
			pathways: settings.pathways,
			raceEthnicities: settings.raceEthnicities,
			genders: settings.genders,
			populationShares: settings.populationShares,
			caseloadTarget: settings.caseloadTarget,
			caseloadCap: settings.caseloadCap
		},
		agencies: Object.fromEntries(data.agencies),
		officers: Object.fromEntries(
			[...referrers].map((id) => [id, data.staff.get(id)?.name ?? 'Former staff member'])
		),
		current,
		before
	};
}

/** The figures as this reader may see them. */
export function figuresReport(
	db: Conn,
	jurisdictionId: string,
	period: FigurePeriod,
	now: Date,
	reader: Reader
): FiguresReport {
	return presentFigures(countFigures(db, jurisdictionId, period, now), reader);
}
