/**
 * The counts turned into the figures people read: each figure a table (this period, the one
 * before and the change), with every count passed through small-number protection and every
 * share, rate or ratio hidden when a count it comes from is. Staff names appear only when the
 * policy lets the reader see them; the caller says so.
 */
import type { Figure, FigureColumn, FigureRow, FigureValue, FiguresReport } from '../../shared/figures';
import {
	CHARGING_DECISION_LABELS,
	DEADLINE_OUTCOME_LABELS,
	EXIT_REASON_LABELS,
	GOAL_DOMAIN_LABELS,
	PATHWAY_LABELS,
	RACE_ETHNICITY_LABELS
} from '../../shared/participant-labels';
import type { FigureCounts, PeriodCounts, Tally } from './counts';
import { FIGURE_DEFINITIONS, type FigureId } from './definitions';
import { derived, protectColumn, protectCount, shown } from './suppress';

export interface Reader {
	/** Whether the reader may see the names of the officers who referred. */
	staffNames: boolean;
}

type Labelled = { key: string; label: string }[];

const col = (key: string, label: string, unit: FigureColumn['unit']): FigureColumn => ({ key, label, unit });
const NOW = 'This period';
const BEFORE = 'Previous period';

function figure(
	id: FigureId,
	columns: FigureColumn[],
	rows: FigureRow[],
	chart: string[] | null = null
): Figure {
	const { title, definition } = FIGURE_DEFINITIONS[id];
	return { id, title, definition, columns, rows, chart: chart ? { columns: chart } : null };
}

/** The rows a tally is shown in: the known categories in order, then any other value it holds. */
function rowsOf(known: Labelled, ...tallies: Tally[]): Labelled {
	const seen = new Set(known.map((r) => r.key));
	const extra = tallies.flatMap((t) => Object.keys(t)).filter((k) => !seen.has(k) && (seen.add(k), true));
	return [...known, ...extra.sort().map((key) => ({ key, label: key === 'unknown' ? 'Not recorded' : key }))];
}

const change = (now: FigureValue, before: FigureValue) =>
	derived(shown(now) && shown(before) ? now - before : null, now, before);
const pct = (part: FigureValue, whole: FigureValue) =>
	derived(shown(part) && shown(whole) && whole > 0 ? (100 * part) / whole : null, part, whole);
const round = (v: FigureValue, places = 2) => (shown(v) ? Number(v.toFixed(places)) : v);

/** A distribution of counts over categories, this period against the one before. */
function distribution(id: FigureId, rows: Labelled, now: Tally, before: Tally, k: number): Figure {
	const cur = protectColumn(
		rows.map((r) => now[r.key] ?? 0),
		k
	);
	const prev = protectColumn(
		rows.map((r) => before[r.key] ?? 0),
		k
	);
	const line = (key: string, label: string, n: FigureValue, p: FigureValue, total?: boolean): FigureRow => ({
		key,
		label,
		cells: { now: n, share: round(pct(n, cur.total), 1), before: p, change: change(n, p) },
		...(total ? { total } : {})
	});
	return figure(
		id,
		[
			col('now', NOW, 'count'),
			col('share', 'Share', 'percent'),
			col('before', BEFORE, 'count'),
			col('change', 'Change', 'count')
		],
		[
			...rows.map((r, i) => line(r.key, r.label, cur.cells[i], prev.cells[i])),
			line('total', 'Total', cur.total, prev.total, true)
		],
		['now', 'before']
	);
}

interface ScalarRow {
	key: string;
	label: string;
	unit: FigureColumn['unit'];
	now: FigureValue;
	before: FigureValue;
}

/** Named rows of single values (each with its own unit), this period against the one before. */
function scalars(id: FigureId, rows: ScalarRow[]): Figure {
	return figure(
		id,
		[col('now', NOW, 'count'), col('before', BEFORE, 'count'), col('change', 'Change', 'count')],
		rows.map((r) => ({
			key: r.key,
			label: r.label,
			unit: r.unit,
			cells: { now: round(r.now), before: round(r.before), change: round(change(r.now, r.before)) }
		}))
	);
}

/** A row of `compared`: its key, label and unit, and how its value is read from a period's measures. */
type Measure<M> = [
	key: string,
	label: string,
	unit: FigureColumn['unit'],
	read: (measures: M) => FigureValue
];

/**
 * Rows that read this period and the one before the same way: `measure` works out a period's
 * values once (protected from small numbers), and each row reads one of them for both periods.
 */
function compared<P, M>(measure: (period: P) => M, now: P, before: P, rows: Measure<M>[]): ScalarRow[] {
	const current = measure(now);
	const previous = measure(before);
	return rows.map(([key, label, unit, read]) => ({
		key,
		label,
		unit,
		now: read(current),
		before: read(previous)
	}));
}

export function presentFigures(counts: FigureCounts, reader: Reader): FiguresReport {
	const k = counts.threshold;
	const { current: now, before } = counts;
	const figures: Figure[] = [
		distribution(
			'referrals_by_pathway',
			rowsOf(pathways(counts), now.byPathway, before.byPathway),
			now.byPathway,
			before.byPathway,
			k
		),
		distribution('referrals_by_agency', agencyRows(counts, now, before), now.byAgency, before.byAgency, k),
		officerConcentration(counts, reader),
		byCategory(
			'referrals_by_race',
			raceRows(counts, now, before),
			now.byRace,
			now.enrolmentsByRace,
			before.byRace,
			counts.settings.populationShares.raceEthnicity,
			k
		),
		byCategory(
			'referrals_by_gender',
			genderRows(counts, now, before),
			now.byGender,
			now.enrolmentsByGender,
			before.byGender,
			counts.settings.populationShares.gender,
			k
		),
		enrolment(counts),
		distribution('screening', SCREENING_ROWS, now.screening, before.screening, k),
		assessmentTime(counts),
		distribution(
			'missed_deadlines',
			rowsOf(DEADLINE_ROWS, now.missedDeadlines, before.missedDeadlines),
			now.missedDeadlines,
			before.missedDeadlines,
			k
		),
		distribution('participants_by_status', STATUS_ROWS, now.statusAtEnd, before.statusAtEnd, k),
		retention(counts),
		distribution(
			'exits_by_reason',
			rowsOf(labelled(EXIT_REASON_LABELS), now.exits, before.exits),
			now.exits,
			before.exits,
			k
		),
		dosage(counts),
		caseloads(counts),
		beforeAfter(counts),
		goals(counts),
		distribution(
			'charging_decisions',
			rowsOf(DECISION_ROWS, now.chargingDecisions, before.chargingDecisions),
			now.chargingDecisions,
			before.chargingDecisions,
			k
		)
	].filter((f): f is Figure => f !== null);
	return {
		program: counts.program,
		timezone: counts.timezone,
		period: counts.period,
		previous: counts.previous,
		threshold: k,
		computedAt: counts.computedAt,
		figures
	};
}

const labelled = (labels: Record<string, string>): Labelled =>
	Object.entries(labels).map(([key, label]) => ({ key, label }));
const pathways = (c: FigureCounts) => c.settings.pathways.map((key) => ({ key, label: PATHWAY_LABELS[key] }));
const SCREENING_ROWS: Labelled = [
	{ key: 'eligible', label: 'Eligible' },
	{ key: 'screened_out', label: 'Screened out' },
	{ key: 'overridden', label: 'Screened out, overridden by the facilitator' },
	{ key: 'not_screened', label: 'Not screened' }
];
const DEADLINE_ROWS: Labelled = [
	...labelled(DEADLINE_OUTCOME_LABELS).map((r) =>
		r.key === 'assessment_completed' ? { ...r, label: 'Assessment completed late' } : r
	),
	{ key: 'none_recorded', label: 'Nothing recorded yet' }
];
const STATUS_ROWS: Labelled = [
	{ key: 'in_assessment', label: 'Referred, in assessment' },
	{ key: 'enrolled', label: 'Enrolled (active)' },
	{ key: 'inactive', label: 'Inactive' },
	{ key: 'unable_to_locate', label: 'Unable to locate' }
];
const DECISION_ROWS: Labelled = labelled(CHARGING_DECISION_LABELS).filter((r) => r.key !== 'pending');

function agencyRows(c: FigureCounts, now: PeriodCounts, before: PeriodCounts): Labelled {
	const known = Object.entries(c.agencies).map(([key, label]) => ({ key, label }));
	const used = new Set([...Object.keys(now.byAgency), ...Object.keys(before.byAgency)]);
	return rowsOf(
		known.filter((a) => used.has(a.key)),
		now.byAgency,
		before.byAgency
	);
}

function raceRows(c: FigureCounts, now: PeriodCounts, before: PeriodCounts): Labelled {
	const known = c.settings.raceEthnicities.map((key) => ({ key, label: RACE_ETHNICITY_LABELS[key] }));
	return rowsOf(known, now.byRace, now.enrolmentsByRace, before.byRace);
}

function genderRows(c: FigureCounts, now: PeriodCounts, before: PeriodCounts): Labelled {
	const known = [...c.settings.genders.map((g) => ({ key: g.value, label: g.label }))];
	return rowsOf(known, now.byGender, now.enrolmentsByGender, before.byGender).map((r) =>
		r.key === 'not_recorded' ? { ...r, label: 'Not recorded' } : r
	);
}

/**
 * Referrals and enrolments by a demographic category beside the population's shares, with the
 * disparity ratio: a group's share of referrals divided by its share of the population.
 */
function byCategory(
	id: FigureId,
	rows: Labelled,
	referred: Tally,
	enrolled: Tally,
	before: Tally,
	population: Record<string, number>,
	k: number
): Figure {
	const ref = protectColumn(
		rows.map((r) => referred[r.key] ?? 0),
		k
	);
	const enr = protectColumn(
		rows.map((r) => enrolled[r.key] ?? 0),
		k
	);
	const prev = protectColumn(
		rows.map((r) => before[r.key] ?? 0),
		k
	);
	const line = (i: number | null, key: string, label: string): FigureRow => {
		const r = i === null ? ref.total : ref.cells[i];
		const e = i === null ? enr.total : enr.cells[i];
		const share = round(pct(r, ref.total), 1);
		const pop = i === null ? null : (population[key] ?? null);
		return {
			key,
			label,
			...(i === null ? { total: true } : {}),
			cells: {
				referred: r,
				referredShare: share,
				enrolled: e,
				enrolledShare: round(pct(e, enr.total), 1),
				population: pop,
				disparity: pop ? round(derived(shown(share) ? share / pop : null, share)) : null,
				before: i === null ? prev.total : prev.cells[i]
			}
		};
	};
	return figure(
		id,
		[
			col('referred', 'Referrals', 'count'),
			col('referredShare', 'Share of referrals', 'percent'),
			col('enrolled', 'Enrolments', 'count'),
			col('enrolledShare', 'Share of enrolments', 'percent'),
			col('population', 'Share of population', 'percent'),
			col('disparity', 'Disparity ratio', 'ratio'),
			col('before', `Referrals, ${BEFORE.toLowerCase()}`, 'count')
		],
		[...rows.map((r, i) => line(i, r.key, r.label)), line(null, 'total', 'Total')],
		['referred', 'before']
	);
}

/** How concentrated referrals are among officers; individual officers only for readers who may see names. */
function officerConcentration(c: FigureCounts, reader: Reader): Figure {
	const k = c.threshold;
	const concentration = (t: Tally) => {
		const sorted = Object.values(t).sort((a, b) => b - a);
		const top3 = sorted.slice(0, 3).reduce((a, b) => a + b, 0);
		const split = protectColumn([top3, sorted.reduce((a, b) => a + b, 0) - top3], k);
		return { officers: sorted.length, top3Share: round(pct(split.cells[0], split.total), 1) };
	};
	const f = scalars(
		'officer_concentration',
		compared(concentration, c.current.byOfficer, c.before.byOfficer, [
			['officers', 'Officers who referred', 'count', (m) => m.officers],
			['top3_share', 'Share of referrals made by the top three officers', 'percent', (m) => m.top3Share]
		])
	);
	if (!reader.staffNames) return f;
	const ids = Object.keys(c.current.byOfficer).sort(
		(a, b) => c.current.byOfficer[b] - c.current.byOfficer[a]
	);
	const named = ids.map((key) => ({ key, label: c.officers[key] ?? 'Former staff member' }));
	const table = distribution('officer_concentration', named, c.current.byOfficer, c.before.byOfficer, k);
	return {
		...f,
		rows: [...f.rows, ...table.rows.map((r) => ({ ...r, key: `officer:${r.key}`, unit: 'count' as const }))],
		columns: f.columns
	};
}

function enrolment(c: FigureCounts): Figure {
	const k = c.threshold;
	const keys = ['enrolled', 'in_assessment', 'screened_out', 'not_enrolled'] as const;
	const labels = ['Enrolled', 'Still in assessment', 'Screened out', 'Not enrolled'];
	const outcomes = (p: PeriodCounts) =>
		protectColumn(
			keys.map((key) => p.outcomes[key]),
			k
		);
	return scalars(
		'enrolment',
		compared(outcomes, c.current, c.before, [
			['referred', 'Referred', 'count', (m) => m.total],
			...keys.map((key, i): Measure<ReturnType<typeof outcomes>> => [
				key,
				labels[i],
				'count',
				(m) => m.cells[i]
			]),
			['rate', 'Enrolment rate (enrolled ÷ referred)', 'percent', (m) => round(pct(m.cells[0], m.total), 1)]
		])
	);
}

function assessmentTime(c: FigureCounts): Figure {
	const k = c.threshold;
	const part = (a: PeriodCounts['assessment']) => {
		const n = protectCount(a.completed, k);
		const split = protectColumn([a.withinDeadline, a.withDeadline - a.withinDeadline], k);
		return {
			n,
			median: derived(a.medianDays, n),
			p90: derived(a.p90Days, n),
			within: round(pct(split.cells[0], split.total), 1)
		};
	};
	return scalars(
		'assessment_time',
		compared(part, c.current.assessment, c.before.assessment, [
			['completed', 'Assessments completed', 'count', (m) => m.n],
			['median', 'Median days from referral', 'days', (m) => round(m.median, 1)],
			['p90', '90th percentile, days', 'days', (m) => round(m.p90, 1)],
			['within', 'Completed within the deadline', 'percent', (m) => m.within]
		])
	);
}

function retention(c: FigureCounts): Figure {
	const k = c.threshold;
	const part = (r: PeriodCounts['retention'][number]) => {
		const split = protectColumn([r.retained, r.cohort - r.retained], k);
		return { cohort: split.total, retained: round(pct(split.cells[0], split.total), 1) };
	};
	return scalars(
		'retention',
		c.current.retention.flatMap((r, i) =>
			compared(part, r, c.before.retention[i], [
				[
					`cohort_${r.months}`,
					`Enrolled at least ${r.months} months before the period's end`,
					'count',
					(m) => m.cohort
				],
				[
					`retained_${r.months}`,
					`Still in the program ${r.months} months after enrolling`,
					'percent',
					(m) => m.retained
				]
			])
		)
	);
}

function dosage(c: FigureCounts): Figure {
	const k = c.threshold;
	const part = (d: PeriodCounts['dosage']) => {
		const people = protectCount(d.people, k);
		const contacts = protectCount(d.contacts, k);
		return {
			people,
			contacts,
			rate: derived(d.personMonths > 0 ? d.contacts / d.personMonths : null, people, contacts),
			months: derived(d.personMonths, people)
		};
	};
	return scalars(
		'dosage',
		compared(part, c.current.dosage, c.before.dosage, [
			['people', 'People enrolled during the period', 'count', (m) => m.people],
			['person_months', 'Enrolled person-months', 'months', (m) => round(m.months, 1)],
			['contacts', 'Case-management contacts', 'count', (m) => m.contacts],
			['rate', 'Contacts per person per month', 'rate', (m) => m.rate]
		])
	);
}

function caseloads(c: FigureCounts): Figure {
	const k = c.threshold;
	const { caseloadTarget: target, caseloadCap: cap } = c.settings;
	const part = (loads: number[]) => {
		const sorted = [...loads].sort((a, b) => a - b);
		const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
		return {
			managers: loads.length,
			median: median === null ? null : protectCount(median, k),
			highest: loads.length ? protectCount(Math.max(...loads), k) : null,
			atTarget: loads.filter((n) => n >= target).length,
			overCap: loads.filter((n) => n > cap).length
		};
	};
	return scalars(
		'caseloads',
		compared(part, c.current.caseloads, c.before.caseloads, [
			['managers', 'Case managers with open records', 'count', (m) => m.managers],
			['median', 'Median caseload', 'count', (m) => m.median],
			['highest', 'Highest caseload', 'count', (m) => m.highest],
			['at_target', `Case managers at or above the target of ${target}`, 'count', (m) => m.atTarget],
			['over_cap', `Case managers above the cap of ${cap}`, 'count', (m) => m.overCap]
		])
	);
}

function beforeAfter(c: FigureCounts): Figure {
	const k = c.threshold;
	const part = (b: PeriodCounts['beforeAfter']) => {
		const people = protectCount(b.people, k);
		const rate = (n: number, months: number) =>
			derived(months > 0 ? n / months : null, people, protectCount(n, k));
		return {
			people,
			contactsBefore: rate(b.policeContactsBefore, b.beforeMonths),
			contactsAfter: rate(b.policeContactsAfter, b.afterMonths),
			arrestsBefore: rate(b.arrestsBefore, b.beforeMonths),
			arrestsAfter: rate(b.arrestsAfter, b.afterMonths)
		};
	};
	return scalars(
		'police_before_after',
		compared(part, c.current.beforeAfter, c.before.beforeAfter, [
			['people', 'People who enrolled in the period', 'count', (m) => m.people],
			[
				'contacts_before',
				'Police social contacts per person-month, 6 months before enrolling',
				'rate',
				(m) => round(m.contactsBefore)
			],
			[
				'contacts_after',
				'Police social contacts per person-month, after enrolling',
				'rate',
				(m) => round(m.contactsAfter)
			],
			[
				'arrests_before',
				'New arrests per person-month, 6 months before enrolling',
				'rate',
				(m) => round(m.arrestsBefore)
			],
			['arrests_after', 'New arrests per person-month, after enrolling', 'rate', (m) => round(m.arrestsAfter)]
		])
	);
}

function goals(c: FigureCounts): Figure {
	const k = c.threshold;
	const rows = rowsOf(labelled(GOAL_DOMAIN_LABELS), c.current.goalsOpened, c.current.goalsMet);
	const columns = [
		{ key: 'opened', tally: c.current.goalsOpened },
		{ key: 'met', tally: c.current.goalsMet },
		{ key: 'openedBefore', tally: c.before.goalsOpened },
		{ key: 'metBefore', tally: c.before.goalsMet }
	].map(({ key, tally }) => ({
		key,
		...protectColumn(
			rows.map((r) => tally[r.key] ?? 0),
			k
		)
	}));
	const line = (i: number | null, key: string, label: string): FigureRow => ({
		key,
		label,
		...(i === null ? { total: true } : {}),
		cells: Object.fromEntries(columns.map((cl) => [cl.key, i === null ? cl.total : cl.cells[i]]))
	});
	return figure(
		'goals_by_domain',
		[
			col('opened', 'Goals opened', 'count'),
			col('met', 'Goals met', 'count'),
			col('openedBefore', `Opened, ${BEFORE.toLowerCase()}`, 'count'),
			col('metBefore', `Met, ${BEFORE.toLowerCase()}`, 'count')
		],
		[...rows.map((r, i) => line(i, r.key, r.label)), line(null, 'total', 'Total')],
		['opened', 'met']
	);
}
