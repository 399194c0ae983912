/**
 * The program figures on small hand-made histories with known answers: periods in the program's
 * time zone (days begin at local midnight), people referred twice, enrolments, exits, contacts,
 * goals and charging decisions, and an empty period. Counts are checked before protection; the
 * tables are checked with protection turned down (threshold 1) and up (the default 11).
 */
import { describe, expect, it } from 'vitest';
import type { FigureContacts, FigureData, FigureReferral } from '../../src/lib/server/figures/data';
import { FIGURE_CONTACT_KINDS } from '../../src/lib/server/figures/constants';
import type { ContactKind, ExitReason, ParticipantStatus } from '../../src/lib/server/db/participants.schema';
import { countPeriods, histories, MONTH_MS, quantile } from '../../src/lib/server/figures/counts';
import { resolvePeriod, periodInput } from '../../src/lib/server/figures/period';
import { presentFigures } from '../../src/lib/server/figures/present';
import type { FigureCounts } from '../../src/lib/server/figures/report';
import { DEFAULT_PROGRAM_SETTINGS } from '../../src/lib/shared/program-settings';
import type { Figure, FigureValue } from '../../src/lib/shared/figures';

const TZ = 'America/Los_Angeles';
const DAY = 86_400_000;
/** The first quarter of 2026 in Los Angeles: Jan 1 00:00 PST is 08:00 UTC; Apr 1 00:00 PDT is 07:00 UTC. */
const Q1 = resolvePeriod({ from: '2026-01-01', to: '2026-03-31' }, TZ);
const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-04-15T18:00:00Z');

function referral(participantId: string, when: string, extra: Partial<FigureReferral> = {}): FigureReferral {
	return {
		participantId,
		pathway: 'arrest_diversion',
		at: at(when),
		referrerId: 'officer-a',
		dueAt: null,
		completedAt: null,
		deadlineOutcome: null,
		screening: 'eligible',
		overridden: false,
		...extra
	};
}

/**
 * Ana: referred Feb 1, assessed Feb 8 (deadline Mar 3), enrolled Feb 10, exited Feb 20 (moved),
 * referred again Mar 1 and enrolled Mar 10: two referrals, two enrolments. Ben: referred 23:59 on
 * Dec 31 local (the previous period), enrolled Jan 5, inactive Mar 20 to 25. Cai: referred at local
 * midnight on Jan 1, screened out. Dee: referred at 23:59 on Mar 31 local by another agency's
 * deputy, in assessment, deadline in May. Eve: referred Jan 10, deadline Feb 9 missed with a
 * warrant requested, never assessed.
 */
function handMade(): FigureData {
	// Each person's status changes, in the order they were made.
	const history: {
		participantId: string;
		to: ParticipantStatus;
		exitReason: ExitReason | null;
		at: number;
	}[] = [
		{ participantId: 'ana', to: 'assessment_pending', exitReason: null, at: at('2026-02-08T18:00:00Z') },
		{ participantId: 'ana', to: 'enrolled', exitReason: null, at: at('2026-02-10T18:00:00Z') },
		{ participantId: 'ana', to: 'exited', exitReason: 'moved', at: at('2026-02-20T18:00:00Z') },
		{ participantId: 'ana', to: 'referred', exitReason: null, at: at('2026-03-01T18:00:00Z') },
		{ participantId: 'ana', to: 'enrolled', exitReason: null, at: at('2026-03-10T18:00:00Z') },
		{ participantId: 'ben', to: 'enrolled', exitReason: null, at: at('2026-01-05T18:00:00Z') },
		{ participantId: 'ben', to: 'inactive', exitReason: null, at: at('2026-03-20T18:00:00Z') },
		{ participantId: 'ben', to: 'enrolled', exitReason: null, at: at('2026-03-25T18:00:00Z') },
		{ participantId: 'cai', to: 'screened_out', exitReason: null, at: at('2026-01-01T08:00:00Z') },
		{ participantId: 'dee', to: 'assessment_pending', exitReason: null, at: at('2026-04-01T06:59:00Z') }
	];
	// Contacts, as they happened.
	const contacts: { participantId: string; kind: ContactKind; at: number }[] = [
		{ participantId: 'ben', kind: 'case_management', at: at('2026-01-20T18:00:00Z') },
		{ participantId: 'ben', kind: 'case_management', at: at('2026-03-22T18:00:00Z') }, // inactive then: not counted
		{ participantId: 'ana', kind: 'case_management', at: at('2026-02-15T18:00:00Z') },
		{ participantId: 'ben', kind: 'police_social_contact', at: at('2025-12-01T18:00:00Z') },
		{ participantId: 'ben', kind: 'police_new_arrest', at: at('2025-11-01T18:00:00Z') },
		{ participantId: 'ben', kind: 'police_social_contact', at: at('2026-02-01T18:00:00Z') },
		{ participantId: 'ben', kind: 'police_outreach', at: at('2026-02-02T18:00:00Z') }
	];
	const p = (
		id: string,
		race: string | null,
		gender: string | null,
		status: FigureData['participants'][0]['status'],
		createdAt: string,
		cm = 'cm-1'
	) => ({
		id,
		race,
		gender,
		caseManagerUserId: cm,
		status,
		createdAt: at(createdAt),
		changes: history
			.filter((c) => c.participantId === id)
			.map(({ to, exitReason, at }) => ({ to, exitReason, at })),
		contacts: Object.fromEntries(
			FIGURE_CONTACT_KINDS.map((kind) => [
				kind,
				contacts.filter((c) => c.participantId === id && c.kind === kind).map((c) => c.at)
			])
		) as unknown as FigureContacts
	});
	return {
		participants: [
			p('ana', 'black', 'woman', 'enrolled', '2026-02-01T18:00:00Z'),
			p('ben', 'white', 'man', 'enrolled', '2026-01-01T07:59:00Z'),
			p('cai', 'asian', 'man', 'screened_out', '2026-01-01T08:00:00Z', 'cm-2'),
			p('dee', null, null, 'assessment_pending', '2026-04-01T06:59:00Z', 'cm-2'),
			p('eve', 'black', 'woman', 'referred', '2026-01-10T18:00:00Z')
		],
		referrals: [
			referral('ana', '2026-02-01T18:00:00Z', {
				dueAt: at('2026-03-03T07:59:59Z'),
				completedAt: at('2026-02-08T18:00:00Z')
			}),
			referral('ana', '2026-03-01T18:00:00Z', {
				completedAt: at('2026-03-04T18:00:00Z'),
				dueAt: at('2026-03-31T06:59:59Z')
			}),
			referral('ben', '2026-01-01T07:59:00Z', { completedAt: at('2026-01-03T18:00:00Z') }),
			referral('cai', '2026-01-01T08:00:00Z', { screening: 'ineligible', pathway: 'social_contact' }),
			referral('dee', '2026-04-01T06:59:00Z', { referrerId: 'officer-b', dueAt: at('2026-05-01T06:59:59Z') }),
			referral('eve', '2026-01-10T18:00:00Z', {
				pathway: 'social_contact',
				dueAt: at('2026-02-10T07:59:59Z'),
				deadlineOutcome: 'warrant_requested'
			})
		],
		goals: [
			{ domain: 'housing', createdAt: at('2026-01-06T18:00:00Z'), metAt: at('2026-03-01T18:00:00Z') },
			{ domain: 'id_documents', createdAt: at('2026-01-06T18:00:00Z'), metAt: null },
			{ domain: 'housing', createdAt: at('2025-12-01T18:00:00Z'), metAt: at('2026-04-02T18:00:00Z') }
		],
		chargingDecisions: [
			{ decision: 'held_pending_engagement', at: at('2026-01-02T18:00:00Z') },
			{ decision: 'declined', at: at('2025-12-30T18:00:00Z') }
		],
		staff: new Map([
			['officer-a', { name: 'Officer Alvarez', agencyId: 'pd' }],
			['officer-b', { name: 'Deputy Brandt', agencyId: 'so' }]
		]),
		agencies: new Map([
			['pd', 'City Police'],
			['so', 'Sheriff’s Office']
		])
	};
}

function countsOf(data: FigureData, threshold: number): FigureCounts {
	const { current, before } = countPeriods(data, histories(data), Q1, NOW);
	return {
		program: 'Test County LEAD',
		timezone: TZ,
		period: Q1.period,
		previous: Q1.previous,
		threshold,
		computedAt: new Date(NOW).toISOString(),
		settings: {
			...DEFAULT_PROGRAM_SETTINGS,
			populationShares: { raceEthnicity: { black: 10, white: 60, asian: 20 }, gender: {} }
		},
		agencies: Object.fromEntries(data.agencies),
		officers: { 'officer-a': 'Officer Alvarez', 'officer-b': 'Deputy Brandt' },
		current,
		before
	};
}

const cell = (f: Figure | undefined, row: string, col: string): FigureValue | undefined =>
	f?.rows.find((r) => r.key === row)?.cells[col];

describe('periods in the program’s time zone', () => {
	it('starts each day at local midnight, across the change to daylight time, and compares with the days before', () => {
		expect(new Date(Q1.current.from).toISOString()).toBe('2026-01-01T08:00:00.000Z');
		expect(new Date(Q1.current.to).toISOString()).toBe('2026-04-01T07:00:00.000Z');
		expect(Q1.previous).toEqual({ from: '2025-10-03', to: '2025-12-31' });
		expect(new Date(Q1.before.to).toISOString()).toBe('2026-01-01T08:00:00.000Z');
	});

	it('refuses a period that ends before it starts, an impossible date or a badly written one', () => {
		expect(periodInput.safeParse({ from: '2026-03-01', to: '2026-02-01' }).success).toBe(false);
		expect(periodInput.safeParse({ from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
		expect(periodInput.safeParse({ from: '3/1/2026', to: '2026-03-31' }).success).toBe(false);
		expect(periodInput.safeParse({ from: '2026-03-01', to: '2026-03-01' }).success).toBe(true);
	});
});

describe('counting the figures', () => {
	const c = countsOf(handMade(), 11);
	const now = c.current;
	const before = c.before;

	it('counts referrals by their local day: 23:59 on Dec 31 belongs to the period before, midnight to this one', () => {
		// Ana twice, Cai at local midnight, Dee at 23:59 on Mar 31 local, Eve; Ben's 23:59 on Dec 31 is the period before.
		expect(now.referrals).toBe(5);
		expect(now.byPathway).toEqual({ arrest_diversion: 3, social_contact: 2 });
		expect(before.referrals).toBe(1);
	});

	it('counts a person referred twice as two referrals and two enrolments', () => {
		expect(now.byRace).toEqual({ black: 3, asian: 1, unknown: 1 });
		expect(now.enrolments).toBe(3); // Ana twice, Ben on Jan 5
		expect(now.enrolmentsByRace).toEqual({ black: 2, white: 1 });
		expect(now.outcomes).toEqual({ enrolled: 2, in_assessment: 2, screened_out: 1, not_enrolled: 0 });
		expect(now.screening).toEqual({ eligible: 4, screened_out: 1, overridden: 0, not_screened: 0 });
	});

	it('counts referrals by agency and by officer', () => {
		expect(now.byAgency).toEqual({ pd: 4, so: 1 });
		expect(now.byOfficer).toEqual({ 'officer-a': 4, 'officer-b': 1 });
		expect(before.byOfficer).toEqual({ 'officer-a': 1 });
	});

	it('times assessments completed in the period and counts missed deadlines by what was recorded', () => {
		// Ben's (Jan 3, 2.4 days after his Dec 31 referral), Ana's (7.0 days) and Ana's second (3.0 days).
		expect(now.assessment.completed).toBe(3);
		expect(now.assessment.medianDays).toBeCloseTo(3.0, 5);
		expect(now.assessment.p90Days).toBeCloseTo(6.2, 5);
		expect(now.assessment).toMatchObject({ withDeadline: 2, withinDeadline: 2 });
		expect(now.missedDeadlines).toEqual({ warrant_requested: 1 });
	});

	it('reads open records at the end of the period, by status and by case manager', () => {
		// Ana enrolled, Ben enrolled again, Eve still referred, Dee (one minute before the end) in assessment; Cai is screened out.
		expect(now.statusAtEnd).toEqual({ in_assessment: 2, enrolled: 2, inactive: 0, unable_to_locate: 0 });
		expect(now.caseloads).toEqual([3, 1]);
		expect(before.statusAtEnd).toEqual({ in_assessment: 1, enrolled: 0, inactive: 0, unable_to_locate: 0 });
	});

	it('follows exits, retention and case-management dosage', () => {
		expect(now.exits).toEqual({ moved: 1 });
		// No enrolment is three months old by Mar 31.
		expect(now.retention[0]).toEqual({ months: 3, cohort: 0, retained: 0 });
		// Enrolled days inside Q1: Ben Jan 5–Mar 20 and Mar 25–Apr 1, Ana Feb 10–20 and Mar 10–Apr 1.
		const enrolledDays =
			(at('2026-03-20T18:00:00Z') - at('2026-01-05T18:00:00Z')) / DAY +
			(at('2026-04-01T07:00:00Z') - at('2026-03-25T18:00:00Z')) / DAY +
			10 +
			(at('2026-04-01T07:00:00Z') - at('2026-03-10T18:00:00Z')) / DAY;
		expect(now.dosage.people).toBe(2);
		expect(now.dosage.contacts).toBe(2); // Ben's Jan 20 and Ana's Feb 15; Ben's Mar 22 came while inactive
		expect(now.dosage.personMonths).toBeCloseTo((enrolledDays * DAY) / MONTH_MS, 6);
	});

	it('compares police contacts in the six months before enrolment with those after', () => {
		const b = now.beforeAfter;
		expect(b.people).toBe(2); // Ana (first enrolment) and Ben
		expect(b).toMatchObject({
			policeContactsBefore: 1,
			arrestsBefore: 1,
			policeContactsAfter: 1,
			arrestsAfter: 0
		});
		expect(b.beforeMonths).toBe(12);
	});

	it('counts goals opened and met, and charging decisions, by when they happened', () => {
		expect(now.goalsOpened).toEqual({ housing: 1, id_documents: 1 });
		expect(now.goalsMet).toEqual({ housing: 1 });
		expect(before.goalsOpened).toEqual({ housing: 1 });
		expect(now.chargingDecisions).toEqual({ held_pending_engagement: 1 });
		expect(before.chargingDecisions).toEqual({ declined: 1 });
	});

	it('counts nothing, and fails at nothing, in a period with no records', () => {
		const empty = resolvePeriod({ from: '2020-01-01', to: '2020-01-31' }, TZ);
		const data = handMade();
		const e = countPeriods(data, histories(data), empty, NOW).current;
		expect(e.referrals).toBe(0);
		expect(e.assessment).toEqual({
			completed: 0,
			medianDays: null,
			p90Days: null,
			withDeadline: 0,
			withinDeadline: 0
		});
		expect(e.caseloads).toEqual([]);
		const report = presentFigures({ ...countsOf(data, 11), current: e, before: e }, { staffNames: false });
		const enrolment = report.figures.find((f) => f.id === 'enrolment');
		expect(cell(enrolment, 'referred', 'now')).toBe(0);
		expect(cell(enrolment, 'rate', 'now')).toBeNull();
	});

	it('takes quantiles between neighbours', () => {
		expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
		expect(quantile([], 0.5)).toBeNull();
	});
});

describe('the figures as people read them', () => {
	it('shows every count when nothing is small (threshold 1), with shares, disparity and changes', () => {
		const report = presentFigures(countsOf(handMade(), 1), { staffNames: true });
		const race = report.figures.find((f) => f.id === 'referrals_by_race');
		expect(cell(race, 'black', 'referred')).toBe(3);
		expect(cell(race, 'black', 'referredShare')).toBe(60);
		// 60% of referrals against 10% of the population.
		expect(cell(race, 'black', 'disparity')).toBe(6);
		expect(cell(race, 'total', 'referred')).toBe(5);
		const enrolment = report.figures.find((f) => f.id === 'enrolment');
		expect(cell(enrolment, 'rate', 'now')).toBe(40);
		const pathway = report.figures.find((f) => f.id === 'referrals_by_pathway');
		expect(cell(pathway, 'total', 'change')).toBe(4);
		const officers = report.figures.find((f) => f.id === 'officer_concentration');
		expect(officers?.rows.map((r) => r.label)).toContain('Officer Alvarez');
	});

	it('hides small counts, what they could be worked out from, and every share built on them (threshold 11)', () => {
		const report = presentFigures(countsOf(handMade(), 11), { staffNames: false });
		const race = report.figures.find((f) => f.id === 'referrals_by_race');
		expect(cell(race, 'black', 'referred')).toEqual({ fewerThan: 11 });
		expect(cell(race, 'total', 'referred')).toEqual({ fewerThan: 11 });
		expect(cell(race, 'black', 'referredShare')).toEqual({ withheld: true });
		expect(cell(race, 'black', 'disparity')).toEqual({ withheld: true });
		const json = JSON.stringify(report);
		// No small count survives anywhere in the report, nor an officer's name.
		expect(json).not.toContain('Officer Alvarez');
		for (const f of report.figures) {
			for (const r of f.rows) {
				for (const [key, v] of Object.entries(r.cells)) {
					const unit = r.unit ?? f.columns.find((c) => c.key === key)?.unit;
					if (
						unit === 'count' &&
						typeof v === 'number' &&
						f.id !== 'officer_concentration' &&
						f.id !== 'caseloads'
					) {
						expect(v === 0 || v >= 11, `${f.id} ${r.key} ${key} = ${v}`).toBe(true);
					}
				}
			}
		}
	});

	it('names officers only for readers the policy lets see staff names', () => {
		const counts = countsOf(handMade(), 1);
		const named = presentFigures(counts, { staffNames: true });
		const unnamed = presentFigures(counts, { staffNames: false });
		expect(JSON.stringify(named)).toContain('Officer Alvarez');
		expect(JSON.stringify(unnamed)).not.toContain('Officer Alvarez');
		expect(JSON.stringify(unnamed)).not.toContain('officer-a');
	});
});
