/**
 * Roles and agency kinds of the LEAD board, with the labels and colours every screen uses.
 * Shared by the browser and the server; it decides nothing (that is the policy module's job).
 */

export const ROLES = [
	'police_officer',
	'police_sergeant',
	'prosecutor',
	'defender',
	'case_manager',
	'case_manager_supervisor',
	'facilitator',
	'pcg_member',
	'evaluator',
	'admin'
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	police_officer: 'Police officer',
	police_sergeant: 'Police sergeant',
	prosecutor: 'Prosecutor',
	defender: 'Public defender',
	case_manager: 'Case manager',
	case_manager_supervisor: 'Case management supervisor',
	facilitator: 'Facilitator',
	pcg_member: 'Policy Coordinating Group member',
	evaluator: 'Evaluator',
	admin: 'Administrator'
};

export const AGENCY_KINDS = [
	'police',
	'prosecution',
	'defense',
	'case_management',
	'program',
	'policy_group',
	'evaluation'
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** The kind of agency a person in each role usually works for: a form's first guess, never a rule. */
export const USUAL_AGENCY_KIND: Record<Role, AgencyKind> = {
	police_officer: 'police',
	police_sergeant: 'police',
	prosecutor: 'prosecution',
	defender: 'defense',
	case_manager: 'case_management',
	case_manager_supervisor: 'case_management',
	facilitator: 'program',
	pcg_member: 'policy_group',
	evaluator: 'evaluation',
	admin: 'program'
};

/** Colour and short label per agency kind: the label always travels with the colour. */
export const AGENCY_STYLE: Record<AgencyKind, { label: string; colour: string }> = {
	police: { label: 'Police', colour: '#1d4f91' },
	prosecution: { label: 'Prosecution', colour: '#6b2f8a' },
	defense: { label: 'Defense', colour: '#a2461a' },
	case_management: { label: 'Case management', colour: '#1f6e43' },
	program: { label: 'Program', colour: '#4b5563' },
	policy_group: { label: 'Policy group', colour: '#7a5c12' },
	evaluation: { label: 'Evaluation', colour: '#245b6e' }
};

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isAgencyKind(value: unknown): value is AgencyKind {
	return typeof value === 'string' && (AGENCY_KINDS as readonly string[]).includes(value);
}
