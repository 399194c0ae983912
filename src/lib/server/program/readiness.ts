/**
 * What a program still needs before it can start, in the order an administrator sets it up: the
 * program's settings, its agencies, its eligibility rules, its people, its roster and its first
 * workgroup meeting. Each step says what is missing, in words, never how many records exist of
 * anyone in particular.
 */
import { and, count, eq, isNotNull } from 'drizzle-orm';
import type { Conn } from '../db';
import { participants } from '../db/participants.schema';
import { agencies, jurisdictions, meetings, user } from '../db/schema';
import { activeRuleSet } from '../participants/eligibility';
import { AGENCY_STYLE, ROLE_LABELS, type AgencyKind, type Role } from '../../shared/roles';

export interface SetupStep {
	key: 'program' | 'agencies' | 'rules' | 'people' | 'roster' | 'meeting';
	title: string;
	done: boolean;
	/** What is still missing, or what is there, in one line. */
	detail: string;
}

const NEEDED_AGENCIES: AgencyKind[] = ['police', 'prosecution', 'defense', 'case_management', 'program'];
/** The people a workgroup meeting needs at its table. */
const NEEDED_ROLES: Role[][] = [
	['facilitator'],
	['case_manager', 'case_manager_supervisor'],
	['police_officer', 'police_sergeant'],
	['prosecutor'],
	['defender']
];

export function setupSteps(db: Conn, jurisdictionId: string): SetupStep[] {
	const settled = db
		.select({ id: jurisdictions.id })
		.from(jurisdictions)
		.where(and(eq(jurisdictions.id, jurisdictionId), isNotNull(jurisdictions.settings)))
		.get();
	const kinds = new Set(
		db
			.select({ kind: agencies.kind })
			.from(agencies)
			.where(eq(agencies.jurisdictionId, jurisdictionId))
			.all()
			.map((a) => a.kind)
	);
	const missingKinds = NEEDED_AGENCIES.filter((k) => !kinds.has(k));
	const rules = activeRuleSet(db, jurisdictionId);
	const roles = new Set(
		db
			.select({ role: user.role, disabled: user.disabled })
			.from(user)
			.where(eq(user.jurisdictionId, jurisdictionId))
			.all()
			.filter((u) => !u.disabled)
			.map((u) => u.role)
	);
	const missingRoles = NEEDED_ROLES.filter((any) => !any.some((r) => roles.has(r)));
	const people =
		db.select({ n: count() }).from(participants).where(eq(participants.jurisdictionId, jurisdictionId)).get()
			?.n ?? 0;
	const workgroup = db
		.select({ id: meetings.id })
		.from(meetings)
		.where(and(eq(meetings.jurisdictionId, jurisdictionId), eq(meetings.kind, 'operational_workgroup')))
		.get();
	return [
		{
			key: 'program',
			title: 'Program settings',
			done: Boolean(settled),
			detail: settled
				? 'Time zone, pathways, windows and thresholds are set.'
				: 'Confirm the time zone, pathways, windows and thresholds.'
		},
		{
			key: 'agencies',
			title: 'Agencies',
			done: missingKinds.length === 0,
			detail: missingKinds.length
				? `Add ${listOf(missingKinds.map((k) => AGENCY_STYLE[k].label.toLowerCase()))}.`
				: 'Police, prosecution, defense, case management and the program office are here.'
		},
		{
			key: 'rules',
			title: 'Eligibility rules',
			done: rules.version > 0,
			detail:
				rules.version > 0
					? `${rules.rules.name}, version ${rules.version}, are in force.`
					: 'Publish the rules referrals are screened by.'
		},
		{
			key: 'people',
			title: 'People',
			done: missingRoles.length === 0,
			detail: missingRoles.length
				? `Add at least one ${listOf(missingRoles.map((any) => any.map((r) => ROLE_LABELS[r].toLowerCase()).join(' or ')))}.`
				: 'Everyone a workgroup meeting needs has an account.'
		},
		{
			key: 'roster',
			title: 'Roster',
			done: people > 0,
			detail:
				people > 0
					? 'Participants are on the board.'
					: 'Import the roster from a spreadsheet, or start with new referrals.'
		},
		{
			key: 'meeting',
			title: 'First workgroup meeting',
			done: Boolean(workgroup),
			detail: workgroup
				? 'A workgroup meeting is scheduled.'
				: 'Schedule the first operational workgroup meeting.'
		}
	];
}

function listOf(words: string[]): string {
	return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
