/**
 * Every program figure's title and definition in plain words, in one place: the figures page,
 * the printed packet, the API and the README all say the same thing about what is counted.
 */
export const FIGURE_DEFINITIONS = {
	referrals_by_pathway: {
		title: 'Referrals by pathway',
		definition:
			'Referrals made in the period (by the date of the referral), by pathway. A person referred twice counts twice.'
	},
	referrals_by_agency: {
		title: 'Referrals by referring agency',
		definition: 'Referrals made in the period, by the agency of the person who made the referral.'
	},
	officer_concentration: {
		title: 'Officer concentration',
		definition:
			'How many officers referred in the period, and the share of all referrals made by the three officers who referred most. A high share means diversion depends on a few people.'
	},
	referrals_by_race: {
		title: 'Referrals and enrolments by race/ethnicity',
		definition:
			'Referrals made and enrolments begun in the period, by race/ethnicity, beside the share of the population entered in the program settings. The disparity ratio is a group’s share of referrals divided by its share of the population: 1 means referred in proportion, 2 means twice as often.'
	},
	referrals_by_gender: {
		title: 'Referrals and enrolments by gender',
		definition:
			'Referrals made and enrolments begun in the period, by gender, beside the population’s shares, with the same disparity ratio.'
	},
	enrolment: {
		title: 'Enrolment',
		definition:
			'What became of the referrals made in the period, as known when the figures were computed: enrolled (after that referral), still in assessment, screened out by the eligibility rules, or not enrolled (left before enrolling). The enrolment rate is enrolled divided by referred; LEAD sites report about 90%.'
	},
	screening: {
		title: 'Eligibility screening',
		definition:
			'The eligibility screening of the period’s referrals: eligible, screened out, or screened out and then overridden by the facilitator.'
	},
	assessment_time: {
		title: 'Time from referral to completed assessment',
		definition:
			'Assessments completed in the period: the median and 90th percentile of days from referral to completion, and the share completed by their deadline (referrals with a deadline only).'
	},
	missed_deadlines: {
		title: 'Missed assessment deadlines',
		definition:
			'Assessment deadlines that fell in the period without a completed assessment, by what the prosecutor recorded for them.'
	},
	participants_by_status: {
		title: 'Active and inactive participants',
		definition: 'Open records on the last day of the period, by status.'
	},
	retention: {
		title: 'Retention',
		definition:
			'Of everyone who enrolled at least 3, 6 or 12 months before the end of the period, the share who had not exited 3, 6 or 12 months after enrolling. A person who enrols again counts again.'
	},
	exits_by_reason: {
		title: 'Exits by reason',
		definition: 'Exits recorded in the period, by the reason given.'
	},
	dosage: {
		title: 'Case-management contact (dosage)',
		definition:
			'Case-management contacts logged in the period while the person was enrolled and active, per enrolled person-month (an average month of 30.4 days).'
	},
	caseloads: {
		title: 'Caseloads',
		definition:
			'Open records per case manager on the last day of the period (by today’s assignment), against the program’s caseload target and cap.'
	},
	police_before_after: {
		title: 'Police contacts and arrests before and after enrolment',
		definition:
			'For the people who enrolled in the period: police social contacts and new arrests logged per person-month in the six months before enrolling, and from enrolling to six months on (or to the end of the period).'
	},
	goals_by_domain: {
		title: 'Plan goals by domain',
		definition:
			'Intervention-plan goals opened and goals met in the period, by domain (housing obtained, ID documents, benefits, treatment entered and the rest). Counts only.'
	},
	charging_decisions: {
		title: 'Charging decisions',
		definition: 'Charging decisions the prosecutor recorded in the period, by kind.'
	}
} as const satisfies Record<string, { title: string; definition: string }>;

export type FigureId = keyof typeof FIGURE_DEFINITIONS;
