/**
 * The demo roster: about 60 plainly fictional participants in every status, so the board looks
 * like a real meeting day. Built through the board's commands (so the timeline, change log and
 * screening are real), deterministic (seeded PRNG, times relative to `now`) and idempotent.
 */
import { eq } from 'drizzle-orm';
import { agencies, user } from '../db/schema';
import {
	eligibilityScreenings,
	GOAL_DOMAINS,
	GOAL_STATUSES,
	participants,
	type ExitReason,
	type GoalDomain,
	type ParticipantStatus
} from '../db/participants.schema';
import { perform } from '../commands/command';
import type { Conn } from '../db';
import type { Actor } from '../policy';
import { activeRuleSet, installRuleSet, overrideEligibility } from '../participants/eligibility';
import { addLegalMatter, recordDeadlineOutcome, setChargingDecision } from '../participants/legal';
import { changeStatus } from '../participants/lifecycle';
import { addContact } from '../participants/contacts';
import { localDate } from '../../shared/zoned';
import { loadJurisdiction } from '../participants/changes';
import { flagForDiscussion } from '../meetings/flags';
import { addPlanGoal } from '../participants/plans';
import { createReferral } from '../participants/referrals';
import { assignCaseManager, assignDefender } from '../participants/roster';
import { postUpdate } from '../participants/updates';
import { KING_COUNTY_RULES } from '../participants/rule-sets';
import { inWrite } from '../db/write';

type UserRef = string | { id: string };
export interface DemoRosterUsers {
	officer: UserRef;
	sergeant: UserRef;
	prosecutor: UserRef;
	defender: UserRef;
	caseManager: UserRef;
	supervisor: UserRef;
	facilitator: UserRef;
}

const DAY = 86_400_000;
const GIVEN = [
	'Alder',
	'Birch',
	'Cedar',
	'Dale',
	'Elm',
	'Fern',
	'Grove',
	'Hazel',
	'Ivy',
	'Juniper',
	'Kestrel',
	'Linden',
	'Maple',
	'Nettle',
	'Oak'
];
const SURNAMES = ['Placeholder', 'Sampleton', 'Testworth', 'Demoson'];
const PLACES = [
	'Harbor Flats',
	'Old Mill District',
	'Eastgate',
	'Riverside',
	'Lantern Hill',
	'North Yard',
	'Quarry Park',
	'Station Square'
];
const RACES = [
	'black',
	'white',
	'hispanic_latino',
	'american_indian_alaska_native',
	'asian',
	'multiracial',
	'unknown'
] as const;
const GENDERS = ['woman', 'man', 'non-binary', 'man', 'woman'];
const GOAL_TEXT: Record<GoalDomain, [string, string]> = {
	housing: ['Apply for a supportive housing unit', 'Move from shelter to transitional housing'],
	substance_use_treatment: [
		'Start buprenorphine through the mobile clinic',
		'Attend a harm-reduction group twice a month'
	],
	mental_health: [
		'Connect with a community mental-health counsellor',
		'Keep psychiatric medication appointments'
	],
	food: ['Enrol in SNAP food benefits', 'Use the weekly food bank on Tuesdays'],
	income_benefits: ['Apply for SSI', 'Reinstate Medicaid coverage'],
	id_documents: ['Replace state ID card', 'Obtain a copy of birth certificate'],
	employment_training: ['Join a paid job-training program', 'Meet the employment navigator monthly'],
	legal: ['Resolve outstanding court fines', 'Attend court dates with the defender'],
	other: ['Get a working phone', 'Reconnect with a sibling']
};
const OFFENCES = [
	{ offence: 'Possession of a controlled substance', offenceCategory: 'drug_possession' },
	{ offence: 'Street-level sale (subsistence)', offenceCategory: 'drug_sale' },
	{ offence: 'Prostitution', offenceCategory: 'prostitution' }
] as const;
const EXITS: ExitReason[] = ['graduated', 'moved', 'incarcerated', 'deceased', 'other', 'graduated', 'moved'];

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
		pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]
	};
}

function actorOf(db: Conn, ref: UserRef): Actor {
	const id = typeof ref === 'string' ? ref : ref.id;
	const row = db
		.select({ u: user, kind: agencies.kind })
		.from(user)
		.innerJoin(agencies, eq(agencies.id, user.agencyId))
		.where(eq(user.id, id))
		.get();
	if (!row) throw new Error(`Demo roster: user ${id} not found`);
	return {
		userId: row.u.id,
		name: row.u.name,
		role: row.u.role,
		agencyId: row.u.agencyId,
		agencyKind: row.kind,
		jurisdictionId: row.u.jurisdictionId
	};
}

interface Cast {
	officer: Actor;
	sergeant: Actor;
	prosecutor: Actor;
	defender: Actor;
	caseManager: Actor;
	supervisor: Actor;
	facilitator: Actor;
}

/** One participant's story, told through the domain functions in time order. */
class Story {
	version = 0;
	participantId = '';
	referralId = '';
	constructor(
		readonly tx: Conn,
		private cast: Cast,
		private now: Date,
		readonly cm: Actor
	) {}
	at(daysAgo: number, hour = 10): Date {
		return new Date(this.now.getTime() - daysAgo * DAY + (hour - 12) * 3_600_000);
	}
	refer(input: Record<string, unknown>, daysAgo: number, by: Actor) {
		const occurredAt = this.at(daysAgo, 9);
		const r = perform(
			this.tx,
			by,
			createReferral,
			{ ...input, occurredAt: occurredAt.toISOString() },
			{ now: this.at(daysAgo, 10) }
		).data;
		Object.assign(this, {
			participantId: r.participantId,
			referralId: r.referralId,
			version: r.version
		});
		return r;
	}
	assign(daysAgo: number) {
		const r = perform(
			this.tx,
			this.cast.facilitator,
			assignCaseManager,
			{ participantId: this.participantId, caseManagerUserId: this.cm.userId, expectedVersion: this.version },
			{ now: this.at(daysAgo, 11) }
		).data;
		this.version = r.version;
	}
	assignDefender(daysAgo: number) {
		const r = perform(
			this.tx,
			this.cast.facilitator,
			assignDefender,
			{
				participantId: this.participantId,
				defenderUserId: this.cast.defender.userId,
				expectedVersion: this.version
			},
			{ now: this.at(daysAgo, 11) }
		).data;
		this.version = r.version;
	}
	status(to: ParticipantStatus, daysAgo: number, reason: string, exitReason?: ExitReason) {
		const r = perform(
			this.tx,
			this.cm,
			changeStatus,
			{ participantId: this.participantId, to, reason, exitReason, expectedVersion: this.version },
			{ now: this.at(daysAgo, 14) }
		).data;
		this.version = r.version;
	}
	goal(domain: GoalDomain, variant: number, status: string, daysAgo: number) {
		perform(
			this.tx,
			this.cm,
			addPlanGoal,
			{ participantId: this.participantId, domain, description: GOAL_TEXT[domain][variant % 2], status },
			{ now: this.at(daysAgo, 15) }
		);
	}
	contact(by: Actor, kind: string, daysAgo: number, note: string) {
		perform(
			this.tx,
			by,
			addContact,
			{ participantId: this.participantId, kind, occurredAt: this.at(daysAgo, 13).toISOString(), note },
			{ now: this.at(daysAgo, 16) }
		);
	}
	update(daysAgo: number, body: string) {
		perform(
			this.tx,
			this.cm,
			postUpdate,
			{ participantId: this.participantId, body },
			{ now: this.at(daysAgo, 17) }
		);
	}
	flag(by: Actor, daysAgo: number) {
		perform(
			this.tx,
			by,
			flagForDiscussion,
			{ participantId: this.participantId },
			{ now: this.at(daysAgo, 12) }
		);
	}
	overrideScreening(daysAgo: number, reason: string) {
		const screening = this.tx
			.select({ id: eligibilityScreenings.id })
			.from(eligibilityScreenings)
			.where(eq(eligibilityScreenings.referralId, this.referralId))
			.get();
		const input = {
			participantId: this.participantId,
			screeningId: screening?.id,
			reason,
			expectedVersion: 1
		};
		perform(this.tx, this.cast.facilitator, overrideEligibility, input, { now: this.at(daysAgo) });
		// The referral goes ahead: the participant is referred (a new version of the record).
		const row = this.tx
			.select({ version: participants.version })
			.from(participants)
			.where(eq(participants.id, this.participantId))
			.get();
		this.version = row?.version ?? this.version;
	}
	deadlineOutcome(daysAgo: number, outcome: string, extra: { extendedUntil?: string; note?: string } = {}) {
		const input = {
			participantId: this.participantId,
			referralId: this.referralId,
			outcome,
			expectedVersion: 1,
			...extra
		};
		perform(this.tx, this.cast.prosecutor, recordDeadlineOutcome, input, { now: this.at(daysAgo) });
	}
}

function personFor(i: number, rnd: ReturnType<typeof prng>) {
	const given = GIVEN[i % GIVEN.length];
	const surname = SURNAMES[Math.floor(i / GIVEN.length) % SURNAMES.length];
	const year = 1960 + rnd.int(0, 40);
	return {
		legalName: `${given} ${surname}`,
		aliases: i % 5 === 0 ? [`Little ${given}`] : [],
		dateOfBirth: `${year}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
		raceEthnicity: rnd.pick(RACES),
		gender: rnd.pick(GENDERS)
	};
}

function referralFor(
	i: number,
	pathway: 'arrest_diversion' | 'social_contact',
	rnd: ReturnType<typeof prng>,
	facts: Record<string, unknown> = {}
) {
	const place = rnd.pick(PLACES);
	if (pathway === 'social_contact') {
		return {
			pathway,
			neighbourhood: place,
			narrative: `Known to outreach around ${place}; agreed to meet a case manager.`,
			facts: { age: rnd.int(19, 60), ...facts }
		};
	}
	const o = OFFENCES[i % OFFENCES.length];
	return {
		pathway,
		...o,
		neighbourhood: place,
		narrative: `Probable cause for ${o.offence.toLowerCase()} near ${place}; referred instead of booked.`,
		facts: { grams: 1, age: rnd.int(19, 60), ...facts }
	};
}

type EarlyPlan = {
	days: number;
	pathway: 'arrest_diversion' | 'social_contact';
	facts?: Record<string, unknown>;
};

/** Referral ages (days ago) for the first 16 participants, against a window of `w` days. */
function earlyPlans(w: number): EarlyPlan[] {
	const ad = (days: number, facts?: Record<string, unknown>): EarlyPlan => ({
		days,
		pathway: 'arrest_diversion',
		facts
	});
	const sc = (days: number): EarlyPlan => ({ days, pathway: 'social_contact' });
	return [
		ad(w - 3),
		ad(w + 2),
		sc(4),
		ad(1),
		sc(10),
		ad(2, { grams: 5 }),
		ad(w - 6, { priorViolentOffenceYearsAgo: 4 }),
		ad(w + 5),
		ad(w - 1),
		ad(w - 5),
		ad(w + 3),
		ad(w + 8),
		sc(20),
		ad(Math.min(10, w - 2)),
		ad(w),
		ad(w + 1)
	];
}

/** Referred and assessment-pending participants: the assessment clock near, due and overdue. */
function seedEarly(
	s: Story,
	i: number,
	rnd: ReturnType<typeof prng>,
	cast: Cast,
	w: number,
	timezone: string
) {
	const plan = earlyPlans(w)[i];
	const by = i % 3 === 0 ? cast.sergeant : cast.officer;
	if (i === 7) {
		// A re-entry: referred long ago, enrolled, moved away, and referred again.
		s.refer({ person: personFor(i, rnd), ...referralFor(i, 'social_contact', rnd) }, 400, by);
		s.assign(399);
		s.status('enrolled', 395, 'Intake and assessment done.');
		s.status('exited', 200, 'Moved out of county to live with family.', 'moved');
		const again = {
			participantId: s.participantId,
			expectedVersion: s.version,
			...referralFor(i, plan.pathway, rnd)
		};
		s.refer(again, plan.days, by);
	} else {
		s.refer({ person: personFor(i, rnd), ...referralFor(i, plan.pathway, rnd, plan.facts) }, plan.days, by);
	}
	if (i === 6)
		s.overrideScreening(plan.days - 1, 'Prior offence was a juvenile adjudication; workgroup agreed.');
	if (i >= 8 || i % 2 === 0) s.assign(Math.max(plan.days - 1, 0));
	if (i >= 8) s.status('assessment_pending', Math.max(plan.days - 2, 0), 'Intake appointment booked.');
	if (i === 10) {
		const extendedUntil = localDate(new Date(s.at(0).getTime() + 6 * DAY), timezone);
		s.deadlineOutcome(1, 'extended', { extendedUntil, note: 'Hospitalised for a week; extended.' });
	}
	if (i === 11) s.deadlineOutcome(5, 'warrant_requested');
	if (i % 4 === 1)
		s.contact(cast.officer, 'police_social_contact', rnd.int(1, 6), 'Checked in near the transit centre.');
}

/** Enrolled (and later) participants: a plan across domains, contacts, updates, legal matters. */
function seedActive(
	s: Story,
	i: number,
	rnd: ReturnType<typeof prng>,
	cast: Cast,
	w: number,
	status: ParticipantStatus
) {
	const refDays = rnd.int(60, 360);
	const pathway = i % 3 === 0 ? 'social_contact' : 'arrest_diversion';
	s.refer(
		{ person: personFor(i, rnd), ...referralFor(i, pathway, rnd) },
		refDays,
		i % 2 ? cast.officer : cast.sergeant
	);
	s.assign(refDays - 1);
	s.status('assessment_pending', refDays - 1, 'Intake appointment booked.');
	const enrolDays = refDays - rnd.int(2, Math.min(w - 1, 20));
	s.status('enrolled', enrolDays, 'Assessment complete; release of information signed.');
	const goals = 2 + (i % 3);
	for (let j = 0; j < goals; j++) {
		const domain = GOAL_DOMAINS[(i * 2 + j * 4) % GOAL_DOMAINS.length];
		s.goal(domain, i + j, rnd.pick(GOAL_STATUSES.slice(0, 3)), enrolDays - j - 1);
	}
	if (i % 3 === 0) {
		s.assignDefender(enrolDays - 3);
		const courtIn = [3, 9, 13, 20, 33, -1][Math.floor(i / 3) % 6];
		const nextCourtDate = courtIn > 0 ? new Date(s.at(0).getTime() + courtIn * DAY).toISOString() : undefined;
		const m = perform(
			s.tx,
			cast.prosecutor,
			addLegalMatter,
			{
				participantId: s.participantId,
				caseNumber: `26-1-${1000 + i}-DEMO`,
				court: i % 2 ? 'Harbor City Municipal Court' : 'County District Court',
				charge: rnd.pick(['Theft 3', 'Criminal trespass 2', 'Possession of a controlled substance']),
				nextCourtDate
			},
			{ now: s.at(enrolDays - 4) }
		).data;
		const decision = rnd.pick([
			'held_pending_engagement',
			'filed',
			'declined',
			'diverted',
			'pending'
		] as const);
		if (decision !== 'pending') {
			perform(
				s.tx,
				cast.prosecutor,
				setChargingDecision,
				{
					participantId: s.participantId,
					legalMatterId: m.legalMatterId,
					decision,
					note: 'Coordinated with the plan at the workgroup.',
					expectedVersion: 1
				},
				{ now: s.at(enrolDays - 5) }
			);
		}
	}
	// An agency at the table asks for a few people to be talked about at the next meeting.
	if (status === 'enrolled' && i % 7 === 3) s.flag(i % 2 ? cast.prosecutor : cast.sergeant, 3);
	const lastActive = status === 'enrolled' ? 0 : rnd.int(20, 90);
	s.contact(
		s.cm,
		'case_management',
		lastActive + rnd.int(2, 25),
		'Met at the drop-in centre; went over the plan.'
	);
	if (i % 4 === 1)
		s.contact(
			cast.officer,
			'police_social_contact',
			lastActive + rnd.int(1, 12),
			'Saw them on the corner; friendly check-in.'
		);
	if (i % 5 === 2)
		s.contact(
			cast.sergeant,
			'police_new_arrest',
			lastActive + rnd.int(3, 10),
			'New arrest for theft; booked then released.'
		);
	if (i % 6 === 3)
		s.contact(
			cast.officer,
			'police_outreach',
			lastActive + rnd.int(20, 40),
			'Joint outreach with the case manager.'
		);
	s.update(
		lastActive + (i % 2 === 0 ? rnd.int(1, 12) : rnd.int(16, 40)),
		'Engaged this week; housing paperwork moving.'
	);
	finish(s, i, status, lastActive);
}

function finish(s: Story, i: number, status: ParticipantStatus, daysAgo: number) {
	if (status === 'inactive')
		s.status('inactive', daysAgo, 'No contact for several weeks; still welcome back.');
	if (status === 'unable_to_locate')
		s.status('unable_to_locate', [10, 20, 35, 45, 60, 90][i % 6], 'Not seen at usual locations.');
	if (status === 'exited')
		s.status('exited', daysAgo, 'Exit recorded at the workgroup.', EXITS[i % EXITS.length]);
}

const STATUS_PLAN: Array<[ParticipantStatus, number]> = [
	['enrolled', 26],
	['inactive', 5],
	['unable_to_locate', 6],
	['exited', 7]
];

/**
 * Seeds the demo roster into a jurisdiction that has no participants yet (otherwise does nothing)
 * and returns how many participants it created.
 */
export function seedDemoRoster(
	db: Conn,
	{ jurisdictionId, now = new Date(), users }: { jurisdictionId: string; now?: Date; users: DemoRosterUsers }
): { created: number } {
	const existing = db
		.select({ id: participants.id })
		.from(participants)
		.where(eq(participants.jurisdictionId, jurisdictionId))
		.get();
	if (existing) return { created: 0 };
	return inWrite(db, () => {
		if (activeRuleSet(db, jurisdictionId).version === 0)
			installRuleSet(db, jurisdictionId, KING_COUNTY_RULES, now);
		const cast = Object.fromEntries(
			Object.entries(users).map(([k, v]) => [k, actorOf(db, v)])
		) as unknown as Cast;
		const { timezone, assessmentWindowDays: w } = loadJurisdiction(db, jurisdictionId);
		const rnd = prng(20111001);
		let i = 0;
		for (; i < 16; i++)
			seedEarly(
				new Story(db, cast, now, i % 4 === 3 ? cast.supervisor : cast.caseManager),
				i,
				rnd,
				cast,
				w,
				timezone
			);
		for (const [status, count] of STATUS_PLAN) {
			for (let k = 0; k < count; k++, i++) {
				seedActive(
					new Story(db, cast, now, i % 4 === 3 ? cast.supervisor : cast.caseManager),
					i,
					rnd,
					cast,
					w,
					status
				);
			}
		}
		return { created: i };
	});
}
