/**
 * A jurisdiction's program settings: what its LEAD program runs on, set by its administrator and
 * used by every screen, flag, clock and agenda build instead of constants. Each LEAD site differs
 * (a 30-day assessment window in Seattle, 14 in Clackamas, none for social contacts), so none of
 * these numbers is the board's to fix. Shared with the browser, which shows and edits them.
 */
import { z } from 'zod';
import { RACE_ETHNICITIES, REFERRAL_PATHWAYS, type ReferralPathway } from './participant-values';

const whole = (min: number, max: number, what: string) =>
	z
		.int(`${what} must be a whole number.`)
		.min(min, `${what} is at least ${min}.`)
		.max(max, `${what} is at most ${max}.`);

/** A category the program records, such as a gender: a stable value and the words people see. */
export const recordedCategorySchema = z.strictObject({
	value: z
		.string()
		.trim()
		.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'Use lower-case letters, digits, dashes or underscores.'),
	label: z.string().trim().min(1, 'Give the words people see.').max(60)
});
export type RecordedCategory = z.infer<typeof recordedCategorySchema>;

/** Population shares in percent, by category value, for the disparity figures. */
const shares = z.record(z.string(), z.number().min(0).max(100));

export const programSettingsSchema = z
	.strictObject({
		/** Referral pathways this program takes. */
		pathways: z
			.array(z.enum(REFERRAL_PATHWAYS))
			.min(1, 'Take at least one pathway.')
			.refine((p) => new Set(p).size === p.length, 'Each pathway once.'),
		/** The assessment clock is flagged from this many days left. */
		assessmentWarningDays: whole(0, 60, 'The assessment warning'),
		/** A court date this many days ahead or fewer is flagged. */
		courtHorizonDays: whole(1, 90, 'The court horizon'),
		/** Unable to locate for this many days or more is flagged. */
		unableToLocateDays: whole(1, 365, 'The unable-to-locate flag'),
		/** Participants per case manager the program aims for, and never exceeds. */
		caseloadTarget: whole(1, 100, 'The caseload target'),
		caseloadCap: whole(1, 100, 'The caseload cap'),
		/** Days between operational workgroup meetings, and between Policy Coordinating Group meetings. */
		workgroupCadenceDays: whole(1, 92, 'The workgroup cadence'),
		pcgCadenceDays: whole(7, 366, 'The Policy Coordinating Group cadence'),
		/** The race/ethnicity categories referrals record, in the order forms offer them. */
		raceEthnicities: z
			.array(z.enum(RACE_ETHNICITIES))
			.min(1, 'Record at least one race/ethnicity category.')
			.refine((c) => new Set(c).size === c.length, 'Each category once.'),
		/** The gender categories referrals record, in the order forms offer them. */
		genders: z
			.array(recordedCategorySchema)
			.min(1, 'Record at least one gender category.')
			.max(40)
			.refine((c) => new Set(c.map((g) => g.value)).size === c.length, 'Each category once.'),
		/** Counts below this are shown as "fewer than N" in every figure, print and export. */
		smallNumberThreshold: whole(1, 50, 'The small-number threshold'),
		/** The jurisdiction's population, in percent by category, beside which referrals are read. */
		populationShares: z.strictObject({ raceEthnicity: shares, gender: shares })
	})
	.refine((s) => s.caseloadCap >= s.caseloadTarget, {
		path: ['caseloadCap'],
		message: 'The caseload cap cannot be below the target.'
	});
export type ProgramSettings = z.infer<typeof programSettingsSchema>;

export const DEFAULT_GENDERS: RecordedCategory[] = [
	{ value: 'woman', label: 'Woman' },
	{ value: 'man', label: 'Man' },
	{ value: 'non-binary', label: 'Non-binary' },
	{ value: 'transgender', label: 'Transgender' },
	{ value: 'not-stated', label: 'Not stated' }
];

/** What a program starts with (practice in LEAD sites; every value can be changed). */
export const DEFAULT_PROGRAM_SETTINGS: ProgramSettings = {
	pathways: ['arrest_diversion', 'social_contact'] satisfies ReferralPathway[],
	assessmentWarningDays: 7,
	courtHorizonDays: 14,
	unableToLocateDays: 30,
	caseloadTarget: 20,
	caseloadCap: 25,
	workgroupCadenceDays: 14,
	pcgCadenceDays: 91,
	raceEthnicities: [...RACE_ETHNICITIES],
	genders: DEFAULT_GENDERS,
	smallNumberThreshold: 11,
	populationShares: { raceEthnicity: {}, gender: {} }
};

/**
 * Stored settings read with the defaults under them, so a setting added later has a value in a
 * jurisdiction that never set it. A stored value that no longer passes is replaced by the default.
 */
export function withDefaults(stored: unknown): ProgramSettings {
	const merged = { ...DEFAULT_PROGRAM_SETTINGS, ...(isObject(stored) ? stored : {}) };
	const parsed = programSettingsSchema.safeParse(merged);
	return parsed.success ? parsed.data : DEFAULT_PROGRAM_SETTINGS;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
