/**
 * The program figures as they leave the server: for the figures page, the printed PCG packet, a
 * frozen snapshot on a Policy Coordinating Group agenda and the `/api/v1/figures` JSON. Every
 * figure is a small table; a count too small to show safely is never sent, only a marker.
 */

/** A count below the program's threshold: the reader learns only that it is small. */
export interface FewerThan {
	fewerThan: number;
}

/** A value held back so that a small count elsewhere cannot be worked out by subtraction. */
export interface Withheld {
	withheld: true;
}

/** What one cell holds: a number, a marker in its place, or null when there is nothing to report. */
export type FigureValue = number | FewerThan | Withheld | null;

export type FigureUnit = 'count' | 'percent' | 'ratio' | 'days' | 'months' | 'rate';

export interface FigureColumn {
	key: string;
	label: string;
	unit: FigureUnit;
}

export interface FigureRow {
	key: string;
	label: string;
	cells: Record<string, FigureValue>;
	/** The row's unit, where its values are not of its columns' unit (a median, a rate). */
	unit?: FigureUnit;
	/** The total line under the rows. */
	total?: boolean;
}

export interface Figure {
	id: string;
	title: string;
	/** The figure's definition in plain words, as the README gives it. */
	definition: string;
	columns: FigureColumn[];
	rows: FigureRow[];
	/** The columns drawn as bars (this period beside the one before), when a chart helps. */
	chart: { columns: string[] } | null;
}

/** A period of whole local days in the program's time zone, both ends included. */
export interface FigurePeriod {
	from: string;
	to: string;
}

export interface FiguresReport {
	program: string;
	timezone: string;
	period: FigurePeriod;
	previous: FigurePeriod;
	/** Counts below this are shown as "fewer than N". */
	threshold: number;
	computedAt: string;
	figures: Figure[];
}

/** A dashboard's API token as issued: shown to the administrator once. */
export interface IssuedToken {
	id: string;
	name: string;
	token: string;
}

export function isFewerThan(v: FigureValue): v is FewerThan {
	return typeof v === 'object' && v !== null && 'fewerThan' in v;
}

export function isWithheld(v: FigureValue): v is Withheld {
	return typeof v === 'object' && v !== null && 'withheld' in v;
}

const DECIMALS: Record<FigureUnit, number> = { count: 0, percent: 1, ratio: 2, days: 1, months: 1, rate: 2 };

/** A cell as people read it, on screen and on paper. */
export function formatFigureValue(v: FigureValue, unit: FigureUnit): string {
	if (v === null) return '–';
	if (isFewerThan(v)) return `fewer than ${v.fewerThan}`;
	if (isWithheld(v)) return 'withheld';
	const text = v.toLocaleString('en-US', {
		minimumFractionDigits: DECIMALS[unit],
		maximumFractionDigits: DECIMALS[unit]
	});
	return unit === 'percent' ? `${text}%` : text;
}

/** A change between periods, signed so "+3" and "−2" read at a glance. */
export function formatFigureChange(v: FigureValue, unit: FigureUnit): string {
	if (typeof v !== 'number') return formatFigureValue(v, unit);
	const text = formatFigureValue(Math.abs(v), unit === 'percent' ? 'ratio' : unit);
	const suffix = unit === 'percent' ? ' pts' : '';
	return v > 0 ? `+${text}${suffix}` : v < 0 ? `−${text}${suffix}` : `0${suffix}`;
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-US', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});

/** "Sep 12, 2026 – Dec 5, 2026": a period of local days as people read it. */
export function formatPeriod(p: FigurePeriod): string {
	const day = (d: string) => DAY_FORMAT.format(new Date(`${d}T00:00:00Z`));
	return p.from === p.to ? day(p.from) : `${day(p.from)} – ${day(p.to)}`;
}
