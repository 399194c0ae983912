/** The spans the program figures are counted over, shared by the counts and the store's queries. */
export const DAY_MS = 86_400_000;
/** An average calendar month, for rates per person-month and retention at 3, 6 and 12 months. */
export const MONTH_MS = 30.4375 * DAY_MS;
/** The stretch before and after enrolment the police-contact figure compares. */
export const BEFORE_AFTER_MONTHS = 6;
export const RETENTION_MONTHS = [3, 6, 12] as const;
/**
 * The contacts the figures count: case management (dosage), and police contacts and new arrests
 * around enrolment. The store's kept history (`participant_figure_docs`, and the triggers that
 * rebuild it when a contact is written) lists the same kinds.
 */
export const FIGURE_CONTACT_KINDS = [
	'case_management',
	'police_social_contact',
	'police_new_arrest'
] as const;
export type FigureContactKind = (typeof FIGURE_CONTACT_KINDS)[number];

/** Police contacts and new arrests around enrolment, for the people who enrolled in a period. */
export interface BeforeAfter {
	people: number;
	beforeMonths: number;
	afterMonths: number;
	policeContactsBefore: number;
	policeContactsAfter: number;
	arrestsBefore: number;
	arrestsAfter: number;
}
