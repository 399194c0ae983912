/** The vocabulary of the audit trail: which actions are recorded and what an entry carries. */
import type { Actor } from '../policy/actor';

/** Values may be added; never removed (stored entries name them). */
export const AUDIT_ACTIONS = [
	'auth.sign_in',
	'auth.sign_in_failed',
	'auth.sign_out',
	'auth.locked',
	'auth.unlocked',
	'auth.two_factor_failed',
	'session.expired',
	'account.created',
	'account.role_changed',
	'account.disabled',
	'account.enabled',
	'account.invited',
	'account.invitation_accepted',
	'participant.read',
	'participant.searched',
	'participant.write',
	'consent.created',
	'consent.renewed',
	'consent.revoked',
	'export',
	'audit.viewed',
	'audit.exported',
	'backup.created',
	'backup.restored',
	'meeting.write',
	'meeting.notes_joined',
	'auth.two_factor_reset',
	'jurisdiction.created',
	'program.settings_changed',
	'program.agency_changed',
	'program.rules_drafted',
	'program.rules_published',
	'program.rules_proposed',
	'accounts.imported',
	'roster.imported',
	'participant.merged',
	'participant.printed',
	'api_token.issued',
	'api_token.revoked',
	'figures.read_by_token',
	'figures.snapshot_frozen',
	'notifications.read',
	'notifications.preferences_changed',
	'evaluation.study_created',
	'evaluation.exported'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How the audit screen names each action. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
	'auth.sign_in': 'Signed in',
	'auth.sign_in_failed': 'Sign-in failed',
	'auth.sign_out': 'Signed out',
	'auth.locked': 'Account locked',
	'auth.unlocked': 'Account unlocked',
	'auth.two_factor_failed': 'Two-factor code refused',
	'session.expired': 'Session ended',
	'account.created': 'Account created',
	'account.role_changed': 'Role changed',
	'account.disabled': 'Account disabled',
	'account.enabled': 'Account enabled',
	'account.invited': 'One-time sign-in link issued',
	'account.invitation_accepted': 'First password set from a sign-in link',
	'participant.read': 'Participant record opened',
	'participant.searched': 'Searched for a returning person before a referral',
	'participant.write': 'Participant record changed',
	'consent.created': 'Consent recorded',
	'consent.renewed': 'Consent renewed',
	'consent.revoked': 'Consent revoked',
	export: 'Data exported',
	'audit.viewed': 'Audit trail viewed',
	'audit.exported': 'Audit trail exported',
	'backup.created': 'Backup taken',
	'backup.restored': 'Restored from a backup',
	'meeting.write': 'Meeting changed',
	'meeting.notes_joined': 'Meeting notes opened',
	'auth.two_factor_reset': 'Two-step sign-in reset',
	'jurisdiction.created': 'Jurisdiction created',
	'program.settings_changed': 'Program settings changed',
	'program.agency_changed': 'Agency added or changed',
	'program.rules_drafted': 'Eligibility rules edited (draft)',
	'program.rules_published': 'Eligibility rules published',
	'program.rules_proposed': 'Eligibility rules proposed to the PCG',
	'accounts.imported': 'Accounts imported',
	'roster.imported': 'Roster imported',
	'participant.merged': 'Participant records merged',
	'participant.printed': 'Participant record printed',
	'api_token.issued': 'API token issued',
	'api_token.revoked': 'API token revoked',
	'figures.read_by_token': 'Program figures read with an API token',
	'figures.snapshot_frozen': 'Program figures frozen on a PCG agenda',
	'notifications.read': 'Notifications marked as read',
	'notifications.preferences_changed': 'Notification choices changed',
	'evaluation.study_created': 'Evaluation study created',
	'evaluation.exported': 'De-identified data exported for evaluation'
};

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export type AuditDetailValue = string | number | boolean | null;

export interface AuditEntryInput {
	actorUserId: string | null;
	actorRole: string | null;
	actorAgencyId: string | null;
	jurisdictionId: string | null;
	sourceAddress: string | null;
	action: AuditAction;
	objectType: string | null;
	objectId: string | null;
	outcome: AuditOutcome;
	/** ids, codes and counts only — never participant data, names, passwords or tokens */
	detail?: Record<string, AuditDetailValue>;
}

/** The actor columns of an entry; all null when nobody is signed in (e.g. a failed sign-in). */
export function actorFields(
	actor: Actor | null
): Pick<AuditEntryInput, 'actorUserId' | 'actorRole' | 'actorAgencyId' | 'jurisdictionId'> {
	return {
		actorUserId: actor?.userId ?? null,
		actorRole: actor?.role ?? null,
		actorAgencyId: actor?.agencyId ?? null,
		jurisdictionId: actor?.jurisdictionId ?? null
	};
}
