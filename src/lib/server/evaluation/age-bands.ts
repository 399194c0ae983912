/**
 * Age at referral as a band, never a date of birth: the bands evaluators of LEAD programs report
 * in, and the wider bands the k-anonymity step falls back to when a narrow band would single
 * someone out.
 */

export const AGE_BANDS = ['under 18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const WIDE_AGE_BANDS = ['under 35', '35-54', '55+', 'unknown'] as const;
export type WideAgeBand = (typeof WIDE_AGE_BANDS)[number];

/** Whole years between a date of birth and a day (both YYYY-MM-DD); null when either is not a date. */
export function ageOn(dateOfBirth: string | null, day: string): number | null {
	const born = parseDate(dateOfBirth);
	const on = parseDate(day);
	if (!born || !on) return null;
	const hadBirthday = on.month > born.month || (on.month === born.month && on.day >= born.day);
	const age = on.year - born.year - (hadBirthday ? 0 : 1);
	return age >= 0 ? age : null;
}

/** The band of an age in whole years (unknown when there is no age). */
export function ageBand(age: number | null): AgeBand {
	if (age === null) return 'unknown';
	if (age < 18) return 'under 18';
	if (age < 25) return '18-24';
	if (age < 35) return '25-34';
	if (age < 45) return '35-44';
	if (age < 55) return '45-54';
	if (age < 65) return '55-64';
	return '65+';
}

const WIDER: Record<AgeBand, WideAgeBand> = {
	'under 18': 'under 35',
	'18-24': 'under 35',
	'25-34': 'under 35',
	'35-44': '35-54',
	'45-54': '35-54',
	'55-64': '55+',
	'65+': '55+',
	unknown: 'unknown'
};

/** The wide band a narrow one falls in; a band that is already wide (or anything else) stays as it is. */
export function widerAgeBand(band: string): string {
	return (WIDER as Record<string, string>)[band] ?? band;
}

function parseDate(text: string | null): { year: number; month: number; day: number } | null {
	const m = text ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
	if (!m) return null;
	return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}
