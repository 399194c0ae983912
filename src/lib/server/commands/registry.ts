/**
 * Every write the board knows, by the name forms and socket events ask for. A new feature adds
 * its commands here; nothing writes any other way.
 */
import { createMeeting, updateMeeting, publishAgenda, startMeeting } from '../meetings/lifecycle';
import { moveNowDiscussing, endMeeting, approveMinutes } from '../meetings/lifecycle';
import { addAgendaItem, updateAgendaItem, removeAgendaItem } from '../meetings/agenda';
import { reorderAgenda, moveAgendaItem, addComment } from '../meetings/agenda';
import { buildAgendaFromRoster } from '../meetings/build-agenda';
import { addDecision, addActionItem, setActionItemStatus } from '../meetings/decisions';
import { recordPresence, markAttendance } from '../meetings/attendance';
import { flagForDiscussion } from '../meetings/flags';
import { createReferral } from '../participants/referrals';
import { overrideEligibility } from '../participants/eligibility';
import { mergeParticipants } from '../participants/merge';
import { changeStatus } from '../participants/lifecycle';
import { addPlanGoal, updatePlanGoal } from '../participants/plans';
import { addLegalMatter, updateLegalMatter } from '../participants/legal';
import { setChargingDecision, recordDeadlineOutcome } from '../participants/legal';
import { addContact } from '../participants/contacts';
import { postUpdate } from '../participants/updates';
import { claimParticipant, assignCaseManager, assignDefender } from '../participants/roster';
import { recordConsent, renewConsent, revokeConsent } from '../participants/consents';
import { disableAccount, enableAccount } from '../security/account-status';
import { unlockAccount, resetTwoFactor } from '../security/account-status';
import { createAccount, changeRole } from '../users';
import { updateProgramSettings } from '../program/settings';
import { addAgency, updateAgency } from '../program/agencies';
import { saveRuleDraft, discardRuleDraft, publishRules } from '../program/rules';
import { proposeRules, approveProposedRules } from '../program/rules';
import { importRosterCommand } from '../imports/roster';
import { importAccounts } from '../imports/accounts';
import { acceptInvitation, inviteAccount } from '../invitations';
import { issueApiToken, revokeApiToken } from '../figures/tokens';
import { markAllNotificationsRead, markNotificationRead } from '../notifications/read';
import { setNotificationChoices } from '../notifications/preferences';
import { notifyAgendaComment, notifyAgendaPublished, notifyPoliceContact } from '../notifications/followers';
import type { Follower } from './command';
import { createStudy } from '../evaluation/studies';

export const COMMANDS = {
	// The participant board (its names are the `op` of `board:mutate:v1` and of board forms).
	'referral.create': createReferral,
	'eligibility.override': overrideEligibility,
	'status.change': changeStatus,
	'goal.add': addPlanGoal,
	'goal.update': updatePlanGoal,
	'legal.add': addLegalMatter,
	'legal.update': updateLegalMatter,
	'legal.chargingDecision': setChargingDecision,
	'deadline.outcome': recordDeadlineOutcome,
	'contact.add': addContact,
	'update.post': postUpdate,
	'participant.claim': claimParticipant,
	'caseManager.assign': assignCaseManager,
	'defender.assign': assignDefender,
	'consent.record': recordConsent,
	'consent.renew': renewConsent,
	'consent.revoke': revokeConsent,
	'participant.flag': flagForDiscussion,
	'participant.merge': mergeParticipants,
	// Meetings.
	'meeting.create': createMeeting,
	'meeting.update': updateMeeting,
	'agenda.publish': publishAgenda,
	'meeting.start': startMeeting,
	'meeting.now': moveNowDiscussing,
	'meeting.end': endMeeting,
	'minutes.approve': approveMinutes,
	'agenda.add': addAgendaItem,
	'agenda.edit': updateAgendaItem,
	'agenda.remove': removeAgendaItem,
	'agenda.reorder': reorderAgenda,
	'agenda.move': moveAgendaItem,
	'agenda.comment': addComment,
	'agenda.build': buildAgendaFromRoster,
	'decision.add': addDecision,
	'actionItem.add': addActionItem,
	'actionItem.status': setActionItemStatus,
	'attendance.present': recordPresence,
	'attendance.mark': markAttendance,
	// People and roles.
	'account.create': createAccount,
	'account.role': changeRole,
	'account.disable': disableAccount,
	'account.enable': enableAccount,
	'account.unlock': unlockAccount,
	'account.resetTwoFactor': resetTwoFactor,
	'accounts.import': importAccounts,
	'account.invite': inviteAccount,
	'account.acceptInvitation': acceptInvitation,
	// Setting up the program.
	'program.settings': updateProgramSettings,
	'agency.add': addAgency,
	'agency.update': updateAgency,
	'rules.save': saveRuleDraft,
	'rules.discard': discardRuleDraft,
	'rules.publish': publishRules,
	'rules.propose': proposeRules,
	'rules.approve': approveProposedRules,
	// People and roster.
	'roster.import': importRosterCommand,
	// Program figures: the tokens a dashboard reads them with.
	'apiToken.issue': issueApiToken,
	'apiToken.revoke': revokeApiToken,
	// Each person's own notifications.
	'notification.read': markNotificationRead,
	'notifications.readAll': markAllNotificationsRead,
	'notifications.choose': setNotificationChoices,
	// De-identified data for evaluators.
	'study.create': createStudy
} as const;

export type Commands = typeof COMMANDS;
export type CommandName = keyof Commands;

/**
 * What else happens, in the same transaction, when a command is stored: the notifications it
 * raises. The time-driven ones come from the deadline sweep (`notifications/sweep.ts`).
 */
export const FOLLOWERS: Partial<Record<CommandName, readonly Follower[]>> = {
	'contact.add': [notifyPoliceContact],
	'agenda.comment': [notifyAgendaComment],
	'agenda.publish': [notifyAgendaPublished]
};
