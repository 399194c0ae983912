/**
 * What the program figures count, each defined once, from the rows `loadFigureData` read. The
 * result is plain numbers (never a participant), kept as they are in a frozen PCG snapshot and
 * made safe to show by `present.ts`, which hides the small ones.
 */
import type { FigureData, FigureParticipant, FigureReferral } from './data';
import type { ResolvedPeriod, Window } from './period';
import type { ParticipantStatus } from '../db/participants.schema';
import type { FigurePeriod } from '../../shared/figures';
import type { ProgramSettings } from '../../shared/program-settings';

export { DAY_MS, MONTH_MS, BEFORE_AFTER_MONTHS, RETENTION_MONTHS } from './constants';
import { DAY_MS, MONTH_MS, BEFORE_AFTER_MONTHS, RETENTION_MONTHS, type BeforeAfter } from './constants';

/** Statuses a record is still open in (on someone's caseload). */
const OPEN: readonly ParticipantStatus[] = [
	'referred',
	'assessment_pending',
	'enrolled',
	'inactive',
	'unable_to_locate'
];
/** Statuses of an enrolled person, active or not: moving between them is not a new enrolment. */
const IN_PROGRAM: readonly ParticipantStatus[] = ['enrolled', 'inactive', 'unable_to_locate'];

export type Tally = Record<string, number>;

export interface PeriodCounts {
	referrals: number;
	byPathway: Tally;
	byAgency: Tally;
	byOfficer: Tally;
	byRace: Tally;
	byGender: Tally;
	enrolments: number;
	enrolmentsByRace: Tally;
	enrolmentsByGender: Tally;
	/** What became of the period's referrals, as far as is known now. */
	outcomes: { enrolled: number; in_assessment: number; screened_out: number; not_enrolled: number };
	screening: { eligible: number; screened_out: number; overridden: number; not_screened: number };
	assessment: {
		completed: number;
		medianDays: number | null;
		p90Days: number | null;
		/** Of those with a deadline, how many were completed by it. */
		withDeadline: number;
		withinDeadline: number;
	};
	missedDeadlines: Tally;
	statusAtEnd: { in_assessment: number; enrolled: number; inactive: number; unable_to_locate: number };
	retention: { months: number; cohort: number; retained: number }[];
	exits: Tally;
	dosage: { people: number; contacts: number; personMonths: number };
	/** Open records per case manager at the end of the period, largest first. */
	caseloads: number[];
	beforeAfter: BeforeAfter;
	goalsOpened: Tally;
	goalsMet: Tally;
	chargingDecisions: Tally;
}

/** Both periods' counts with what showing them needs: what a frozen PCG snapshot keeps. */
export interface FigureCounts {
	program: string;
	timezone: string;
	period: FigurePeriod;
	previous: FigurePeriod;
	threshold: number;
	computedAt: string;
	settings: Pick<
		ProgramSettings,
		'pathways' | 'raceEthnicities' | 'genders' | 'populationShares' | 'caseloadTarget' | 'caseloadCap'
	>;
	agencies: Record<string, string>;
	/** Names of the staff who referred in either period, shown only to readers the policy allows. */
	officers: Record<string, string>;
	current: PeriodCounts;
	before: PeriodCounts;
}

/** One stretch of a participant's history in one status. */
interface Spell {
	status: ParticipantStatus;
	from: number;
	to: number;
}

/** What every figure of both periods shares: each person's history, read once. */
export interface Histories {
	spells: Map<string, Spell[]>;
	/** Enrolments: the moment a person entered the program, and when that stay ended by an exit. */
	enrolments: { participantId: string; at: number; exitAt: number | null }[];
	enrolmentsOf: Map<string, number[]>;
	referralsOf: Map<string, FigureReferral[]>;
}

const add = (t: Tally, key: string, n = 1) => {
	t[key] = (t[key] ?? 0) + n;
};
const inWindow = (at: number | null, w: Window): at is number => at !== null && at >= w.from && at < w.to;

export function histories(data: FigureData): Histories {
	const spells = new Map<string, Spell[]>();
	const enrolments: Histories['enrolments'] = [];
	for (const p of data.participants) {
		const list: Spell[] = [];
		let status: ParticipantStatus = 'referred';
		let from = p.createdAt;
		let open: Histories['enrolments'][number] | null = null;
		for (const c of p.changes) {
			if (c.at > from) list.push({ status, from, to: c.at });
			if (c.to === 'enrolled' && !IN_PROGRAM.includes(status)) {
				open = { participantId: p.id, at: c.at, exitAt: null };
				enrolments.push(open);
			}
			if (c.to === 'exited' && open) {
				open.exitAt = c.at;
				open = null;
			}
			status = c.to;
			from = c.at;
		}
		list.push({ status, from, to: Infinity });
		spells.set(p.id, list);
	}
	const referralsOf = new Map<string, FigureReferral[]>();
	for (const r of data.referrals) {
		const list = referralsOf.get(r.participantId);
		if (list) list.push(r);
		else referralsOf.set(r.participantId, [r]);
	}
	const enrolmentsOf = new Map<string, number[]>();
	for (const e of enrolments) {
		const list = enrolmentsOf.get(e.participantId);
		if (list) list.push(e.at);
		else enrolmentsOf.set(e.participantId, [e.at]);
	}
	return { spells, enrolments, enrolmentsOf, referralsOf };
}

/** The status a person had at an instant (null before their record existed). */
export function statusAt(spells: Spell[] | undefined, at: number): ParticipantStatus | null {
	if (!spells) return null;
	let lo = 0;
	let hi = spells.length - 1;
	if (at < spells[0].from) return null;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (spells[mid].from <= at) lo = mid;
		else hi = mid - 1;
	}
	return spells[lo].status;
}

/** Every figure of the period and of the one just before it. */
export function countPeriods(
	data: FigureData,
	h: Histories,
	periods: Pick<ResolvedPeriod, 'current' | 'before'>,
	now: number
): { current: PeriodCounts; before: PeriodCounts } {
	const people = new Map(data.participants.map((p) => [p.id, p]));
	return {
		current: countPeriod(data, h, people, periods.current, now),
		before: countPeriod(data, h, people, periods.before, now)
	};
}

function countPeriod(
	data: FigureData,
	h: Histories,
	people: Map<string, FigureParticipant>,
	w: Window,
	now: number
): PeriodCounts {
	const periodReferrals = data.referrals.filter((r) => inWindow(r.at, w));
	const c: PeriodCounts = {
		referrals: periodReferrals.length,
		byPathway: {},
		byAgency: {},
		byOfficer: {},
		byRace: {},
		byGender: {},
		enrolments: 0,
		enrolmentsByRace: {},
		enrolmentsByGender: {},
		outcomes: { enrolled: 0, in_assessment: 0, screened_out: 0, not_enrolled: 0 },
		screening: { eligible: 0, screened_out: 0, overridden: 0, not_screened: 0 },
		assessment: assessmentTimes(data.referrals, w),
		missedDeadlines: missedDeadlines(data.referrals, w),
		statusAtEnd: { in_assessment: 0, enrolled: 0, inactive: 0, unable_to_locate: 0 },
		retention: retention(h, w),
		exits: {},
		dosage: { people: 0, contacts: 0, personMonths: 0 },
		caseloads: [],
		beforeAfter: beforeAfter(h, people, w, now),
		goalsOpened: {},
		goalsMet: {},
		chargingDecisions: {}
	};
	for (const r of periodReferrals) {
		const p = people.get(r.participantId);
		add(c.byPathway, r.pathway);
		add(c.byAgency, data.staff.get(r.referrerId)?.agencyId ?? 'unknown');
		add(c.byOfficer, r.referrerId);
		add(c.byRace, p?.race ?? 'unknown');
		add(c.byGender, p?.gender ?? 'not_recorded');
		c.outcomes[referralOutcome(r, h, people.get(r.participantId)?.status)]++;
		if (r.screening === null) c.screening.not_screened++;
		else if (r.screening === 'eligible') c.screening.eligible++;
		else if (r.overridden) c.screening.overridden++;
		else c.screening.screened_out++;
	}
	for (const e of h.enrolments) {
		if (!inWindow(e.at, w)) continue;
		const p = people.get(e.participantId);
		c.enrolments++;
		add(c.enrolmentsByRace, p?.race ?? 'unknown');
		add(c.enrolmentsByGender, p?.gender ?? 'not_recorded');
	}
	countRecordsAtEnd(c, data, h, w);
	c.dosage = dosage(data, h, w);
	for (const p of data.participants)
		for (const s of p.changes)
			if (s.to === 'exited' && inWindow(s.at, w)) add(c.exits, s.exitReason ?? 'other');
	for (const g of data.goals) {
		if (inWindow(g.createdAt, w)) add(c.goalsOpened, g.domain);
		if (inWindow(g.metAt, w)) add(c.goalsMet, g.domain);
	}
	for (const d of data.chargingDecisions) if (inWindow(d.at, w)) add(c.chargingDecisions, d.decision);
	return c;
}

/**
 * What became of one referral: enrolled if the person enrolled after it (and before any later
 * referral of theirs), screened out if the screening found it ineligible and nobody overrode it,
 * still in assessment if the record is still open before enrolment, otherwise not enrolled.
 */
function referralOutcome(
	r: FigureReferral,
	h: Histories,
	currentStatus: ParticipantStatus | undefined
): keyof PeriodCounts['outcomes'] {
	const later = h.referralsOf.get(r.participantId)?.find((o) => o.at > r.at);
	const until = later?.at ?? Infinity;
	if (h.enrolmentsOf.get(r.participantId)?.some((at) => at >= r.at && at < until)) {
		return 'enrolled';
	}
	if (r.screening === 'ineligible' && !r.overridden) return 'screened_out';
	if (!later && (currentStatus === 'referred' || currentStatus === 'assessment_pending'))
		return 'in_assessment';
	return 'not_enrolled';
}

function assessmentTimes(referrals: FigureReferral[], w: Window): PeriodCounts['assessment'] {
	const days: number[] = [];
	let withDeadline = 0;
	let withinDeadline = 0;
	for (const r of referrals) {
		if (!inWindow(r.completedAt, w)) continue;
		days.push((r.completedAt - r.at) / DAY_MS);
		if (r.dueAt !== null) {
			withDeadline++;
			if (r.completedAt <= r.dueAt) withinDeadline++;
		}
	}
	days.sort((a, b) => a - b);
	return {
		completed: days.length,
		medianDays: quantile(days, 0.5),
		p90Days: quantile(days, 0.9),
		withDeadline,
		withinDeadline
	};
}

/** The q-quantile of sorted values, interpolated between neighbours (as spreadsheets do). */
export function quantile(sorted: number[], q: number): number | null {
	if (!sorted.length) return null;
	const pos = (sorted.length - 1) * q;
	const lo = Math.floor(pos);
	const hi = Math.ceil(pos);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Deadlines that fell in the period and passed without a completed assessment, by what was recorded. */
function missedDeadlines(referrals: FigureReferral[], w: Window): Tally {
	const t: Tally = {};
	for (const r of referrals) {
		if (!inWindow(r.dueAt, w)) continue;
		if (r.completedAt !== null && r.completedAt <= r.dueAt) continue;
		add(t, r.deadlineOutcome ?? 'none_recorded');
	}
	return t;
}

/** Of the enrolments at least N months before the period's end, how many had not exited N months on. */
function retention(h: Histories, w: Window): PeriodCounts['retention'] {
	return RETENTION_MONTHS.map((months) => {
		const span = months * MONTH_MS;
		let cohort = 0;
		let retained = 0;
		for (const e of h.enrolments) {
			if (e.at + span > w.to) continue;
			cohort++;
			if (e.exitAt === null || e.exitAt >= e.at + span) retained++;
		}
		return { months, cohort, retained };
	});
}

/** Open records at the period's end, by status and by case manager. */
function countRecordsAtEnd(c: PeriodCounts, data: FigureData, h: Histories, w: Window): void {
	const caseloads = new Map<string, number>();
	const end = w.to - 1;
	for (const p of data.participants) {
		const status = statusAt(h.spells.get(p.id), end);
		if (!status || !OPEN.includes(status)) continue;
		if (status === 'referred' || status === 'assessment_pending') c.statusAtEnd.in_assessment++;
		else c.statusAtEnd[status as 'enrolled' | 'inactive' | 'unable_to_locate']++;
		if (p.caseManagerUserId)
			caseloads.set(p.caseManagerUserId, (caseloads.get(p.caseManagerUserId) ?? 0) + 1);
	}
	c.caseloads = [...caseloads.values()].sort((a, b) => b - a);
}

/** Contacts at `from` or later and before `to`, among times in order. */
function countBetween(times: ArrayLike<number> | undefined, from: number, to: number): number {
	if (!times?.length || to <= from) return 0;
	return firstAtOrAfter(times, to) - firstAtOrAfter(times, from);
}

function firstAtOrAfter(times: ArrayLike<number>, at: number): number {
	let lo = 0;
	let hi = times.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (times[mid] < at) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * Case-management contacts while enrolled in the period, over the enrolled person-months: who was
 * enrolled, for how long in all, and the contacts inside those stretches.
 */
function dosage(data: FigureData, h: Histories, w: Window): PeriodCounts['dosage'] {
	let people = 0;
	let time = 0;
	let contacts = 0;
	for (const p of data.participants) {
		let mine = 0;
		for (const s of h.spells.get(p.id) ?? []) {
			if (s.status !== 'enrolled') continue;
			const to = Math.min(s.to, w.to);
			const from = Math.max(s.from, w.from);
			if (to <= from) continue;
			mine += to - from;
			contacts += countBetween(p.contacts.case_management, from, to);
		}
		if (mine > 0) people++;
		time += mine;
	}
	return { people, contacts, personMonths: time / MONTH_MS };
}

/**
 * For the people who enrolled in the period: police social contacts and new arrests in the six
 * months before enrolment, and from enrolment to six months on (or to the period's end, or now).
 */
function beforeAfter(
	h: Histories,
	people: Map<string, FigureParticipant>,
	w: Window,
	now: number
): BeforeAfter {
	const span = BEFORE_AFTER_MONTHS * MONTH_MS;
	const seen = new Set<string>();
	const b: BeforeAfter = {
		people: 0,
		beforeMonths: 0,
		afterMonths: 0,
		policeContactsBefore: 0,
		policeContactsAfter: 0,
		arrestsBefore: 0,
		arrestsAfter: 0
	};
	let after = 0;
	for (const e of h.enrolments) {
		if (!inWindow(e.at, w) || seen.has(e.participantId)) continue;
		seen.add(e.participantId);
		const { police_social_contact: social, police_new_arrest: arrests } = people.get(
			e.participantId
		)!.contacts;
		const to = Math.max(e.at, Math.min(e.at + span, w.to, now));
		after += to - e.at;
		b.policeContactsBefore += countBetween(social, e.at - span, e.at);
		b.policeContactsAfter += countBetween(social, e.at, to);
		b.arrestsBefore += countBetween(arrests, e.at - span, e.at);
		b.arrestsAfter += countBetween(arrests, e.at, to);
	}
	b.people = seen.size;
	b.beforeMonths = seen.size * BEFORE_AFTER_MONTHS;
	b.afterMonths = after / MONTH_MS;
	return b;
}
