/**
 * THE permission matrix: for every action the policy module knows, on a named resource, which
 * kinds of actor are allowed; every other actor kind is refused. Written out by hand (never read
 * from the policy), so the tests compare the policy and each channel against it.
 */
import type { Action } from '../../src/lib/server/policy';
import { ROLES, type Role } from '../../src/lib/shared/roles';

/** A role, or a case manager / defender whose participant it is not. */
export type ActorKey = Role | 'case_manager:other' | 'defender:other';
export const ACTOR_KEYS: readonly ActorKey[] = [...ROLES, 'case_manager:other', 'defender:other'];

/** The resources the rows are asked about (`participant` is assigned to `case_manager` and `defender`). */
export type Scenario =
	| 'jurisdiction'
	| 'participant'
	| 'unassigned participant'
	| 'arrest-diversion referral'
	| 'community referral'
	| 'workgroup kind'
	| 'policy group kind'
	| 'live workgroup meeting'
	| 'published workgroup meeting'
	| 'ended workgroup meeting'
	| 'live policy group meeting'
	| 'police-owned action item';

export interface MatrixRow {
	action: Action;
	scenario: Scenario;
	allowed: readonly ActorKey[];
}

const POLICE: ActorKey[] = ['police_officer', 'police_sergeant'];
const CASE_MANAGEMENT: ActorKey[] = ['case_manager', 'case_manager_supervisor'];
/** Everyone at the operational workgroup table, whoever's participant it is. */
const WORKGROUP: ActorKey[] = [
	...POLICE,
	'prosecutor',
	'defender',
	'defender:other',
	'case_manager',
	'case_manager:other',
	'case_manager_supervisor',
	'facilitator'
];
/** Who sees identity and legal matters of `participant` at baseline. */
const SEES_IDENTITY: ActorKey[] = WORKGROUP.filter((k) => k !== 'defender:other');
const row = (action: Action, scenario: Scenario, allowed: readonly ActorKey[]): MatrixRow => ({
	action,
	scenario,
	allowed
});

export const MATRIX: readonly MatrixRow[] = [
	row('app.use', 'jurisdiction', ACTOR_KEYS),
	row('presence.view', 'jurisdiction', ACTOR_KEYS),
	row('users.manage', 'jurisdiction', ['admin']),
	row('audit.view', 'jurisdiction', ['admin', 'facilitator']),
	row('audit.export', 'jurisdiction', ['admin', 'facilitator']),
	row('program.manage', 'jurisdiction', ['admin']),
	row('rules.edit', 'jurisdiction', ['admin', 'facilitator']),
	row('rules.publish', 'jurisdiction', ['admin', 'facilitator']),
	row('rules.history', 'jurisdiction', ['admin', 'facilitator', 'pcg_member']),
	row('roster.import', 'jurisdiction', ['admin', 'facilitator']),
	// Program figures: counts only, for those who oversee and run the program; never evaluators or line staff.
	row('figures.read', 'jurisdiction', [
		'pcg_member',
		'facilitator',
		'case_manager_supervisor',
		'police_sergeant',
		'admin'
	]),
	row('figures.staff_names', 'jurisdiction', [
		'facilitator',
		'case_manager_supervisor',
		'police_sergeant',
		'admin'
	]),
	row('api_tokens.manage', 'jurisdiction', ['admin']),
	row('evaluation.view', 'jurisdiction', ['evaluator', 'admin', 'facilitator']),
	row('evaluation.export', 'jurisdiction', ['evaluator']),
	row('study.create', 'jurisdiction', ['admin', 'facilitator']),

	row('roster.view', 'jurisdiction', WORKGROUP),
	row('participant.view', 'participant', WORKGROUP),
	row('participant.viewIdentity', 'participant', SEES_IDENTITY),
	row('legal.view', 'participant', SEES_IDENTITY),
	row('referral.create', 'arrest-diversion referral', POLICE),
	row('referral.create', 'community referral', ['facilitator']),
	row('contact.create.police', 'participant', POLICE),
	row('contact.create.caseManagement', 'participant', CASE_MANAGEMENT),
	row('plan.manage', 'participant', CASE_MANAGEMENT),
	row('legal.manage', 'participant', ['prosecutor', 'defender']),
	row('legal.chargingDecision', 'participant', ['prosecutor']),
	row('status.change', 'participant', CASE_MANAGEMENT),
	row('update.post', 'participant', [...CASE_MANAGEMENT, 'defender', ...POLICE, 'prosecutor', 'facilitator']),
	row('roster.manage', 'participant', ['facilitator', 'case_manager_supervisor']),
	row('participant.claim', 'participant', []),
	row('participant.claim', 'unassigned participant', ['case_manager', 'case_manager:other']),
	row('eligibility.override', 'participant', ['facilitator']),
	row('participant.merge', 'participant', ['facilitator']),
	row('deadline.recordOutcome', 'participant', ['prosecutor']),
	row('consent.view', 'participant', CASE_MANAGEMENT),
	row('consent.manage', 'participant', CASE_MANAGEMENT),

	row('meeting.create', 'workgroup kind', ['facilitator']),
	row('meeting.create', 'policy group kind', ['facilitator', 'admin']),
	row('meeting.view', 'live workgroup meeting', [...WORKGROUP, 'admin']),
	row('meeting.agenda.view', 'live workgroup meeting', [...WORKGROUP, 'admin']),
	row('meeting.manage', 'live workgroup meeting', ['facilitator']),
	row('meeting.agenda.build', 'published workgroup meeting', ['facilitator']),
	row('meeting.comment', 'live workgroup meeting', [...WORKGROUP, 'admin']),
	row('meeting.start', 'published workgroup meeting', ['facilitator']),
	row('meeting.steer', 'live workgroup meeting', ['facilitator']),
	row('meeting.end', 'live workgroup meeting', ['facilitator']),
	row('meeting.record', 'live workgroup meeting', WORKGROUP),
	row('meeting.approve', 'ended workgroup meeting', ['facilitator']),
	row('meeting.notes.read', 'live workgroup meeting', WORKGROUP),
	row('meeting.notes.write', 'live workgroup meeting', WORKGROUP),
	row('meeting.notes.read', 'live policy group meeting', ['facilitator', 'pcg_member', 'evaluator']),
	row('meeting.notes.write', 'live policy group meeting', ['facilitator', 'pcg_member']),
	row('meeting.flagParticipant', 'participant', WORKGROUP),
	row('actionItem.complete', 'police-owned action item', ['facilitator', ...POLICE, 'prosecutor']),

	row('notifications.use', 'jurisdiction', ACTOR_KEYS),
	row('notify.assessmentDue', 'participant', ['case_manager']),
	row('notify.policeContact', 'participant', ['case_manager', 'defender']),
	row('notify.actionItemDue', 'police-owned action item', POLICE),
	row('notify.agendaComment', 'published workgroup meeting', ['facilitator']),
	row(
		'notify.agendaPublished',
		'published workgroup meeting',
		WORKGROUP.filter((k) => k !== 'facilitator')
	)
];

/** The one row for an action on a scenario (throws when the table has none). */
export function rowFor(action: Action, scenario: Scenario): MatrixRow {
	const found = MATRIX.find((r) => r.action === action && r.scenario === scenario);
	if (!found) throw new Error(`The permission matrix has no row for ${action} on ${scenario}`);
	return found;
}

export const expectedAllowed = (r: MatrixRow, key: ActorKey) => r.allowed.includes(key);
