/**
 * The board's commands called straight on a database, as the domain's tests exercise them: each
 * runs through the one command kernel (`perform`: validated, authorized, stored and audited in
 * one transaction, a refusal audited as denied), without the realtime announcement. They answer
 * in the shapes the tests read: a participant change its data; a meeting change its data and the
 * changes it would announce; an account change its data, after handing ended sessions to `deps`.
 */
import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import { perform, type Command, type PerformOptions } from '../../src/lib/server/commands/command';
import { execute } from '../../src/lib/server/commands/execute';
import type { BoardEventMap, SessionEnded } from '../../src/lib/server/commands/events';
import type { Auth } from '../../src/lib/server/auth';
import type { Conn, Db } from '../../src/lib/server/db';
import type { Actor } from '../../src/lib/server/policy';
import * as agenda from '../../src/lib/server/meetings/agenda';
import * as attendance from '../../src/lib/server/meetings/attendance';
import * as buildAgenda from '../../src/lib/server/meetings/build-agenda';
import * as decisions from '../../src/lib/server/meetings/decisions';
import * as flags from '../../src/lib/server/meetings/flags';
import * as lifecycle from '../../src/lib/server/meetings/lifecycle';
import * as merge from '../../src/lib/server/participants/merge';
import * as consents from '../../src/lib/server/participants/consents';
import * as contacts from '../../src/lib/server/participants/contacts';
import * as eligibility from '../../src/lib/server/participants/eligibility';
import * as legal from '../../src/lib/server/participants/legal';
import * as participantLifecycle from '../../src/lib/server/participants/lifecycle';
import * as plans from '../../src/lib/server/participants/plans';
import * as referrals from '../../src/lib/server/participants/referrals';
import * as roster from '../../src/lib/server/participants/roster';
import * as updates from '../../src/lib/server/participants/updates';
import * as accountStatus from '../../src/lib/server/security/account-status';
import * as users from '../../src/lib/server/users';
import * as studies from '../../src/lib/server/evaluation/studies';

const data =
	<S extends z.ZodType, R>(command: Command<S, R>) =>
	(db: Conn, actor: Actor, input: unknown, opts?: PerformOptions): R =>
		perform(db, actor, command, input, opts).data;

const outcome =
	<S extends z.ZodType, R>(command: Command<S, R>) =>
	(db: Conn, actor: Actor, input: unknown, opts?: PerformOptions) =>
		perform(db, actor, command, input, opts);

export const createReferral = data(referrals.createReferral);
export const overrideEligibility = data(eligibility.overrideEligibility);
export const changeStatus = data(participantLifecycle.changeStatus);
export const addPlanGoal = data(plans.addPlanGoal);
export const updatePlanGoal = data(plans.updatePlanGoal);
export const addLegalMatter = data(legal.addLegalMatter);
export const updateLegalMatter = data(legal.updateLegalMatter);
export const setChargingDecision = data(legal.setChargingDecision);
export const recordDeadlineOutcome = data(legal.recordDeadlineOutcome);
export const addContact = data(contacts.addContact);
export const mergeParticipants = data(merge.mergeParticipants);
export const postUpdate = data(updates.postUpdate);
export const claimParticipant = data(roster.claimParticipant);
export const assignCaseManager = data(roster.assignCaseManager);
export const assignDefender = data(roster.assignDefender);
export const recordConsent = data(consents.recordConsent);
export const renewConsent = data(consents.renewConsent);
export const revokeConsent = data(consents.revokeConsent);
export const flagForDiscussion = data(flags.flagForDiscussion);
export const createStudy = data(studies.createStudy);

export const createMeeting = outcome(lifecycle.createMeeting);
export const updateMeeting = outcome(lifecycle.updateMeeting);
export const publishAgenda = outcome(lifecycle.publishAgenda);
export const startMeeting = outcome(lifecycle.startMeeting);
export const moveNowDiscussing = outcome(lifecycle.moveNowDiscussing);
export const endMeeting = outcome(lifecycle.endMeeting);
export const approveMinutes = outcome(lifecycle.approveMinutes);
export const addAgendaItem = outcome(agenda.addAgendaItem);
export const updateAgendaItem = outcome(agenda.updateAgendaItem);
export const removeAgendaItem = outcome(agenda.removeAgendaItem);
export const reorderAgenda = outcome(agenda.reorderAgenda);
export const moveAgendaItem = outcome(agenda.moveAgendaItem);
export const addComment = outcome(agenda.addComment);
export const buildAgendaFromRoster = outcome(buildAgenda.buildAgendaFromRoster);
export const addDecision = outcome(decisions.addDecision);
export const addActionItem = outcome(decisions.addActionItem);
export const setActionItemStatus = outcome(decisions.setActionItemStatus);
export const markAttendance = outcome(attendance.markAttendance);

interface AccountDeps {
	db: Db;
	sessionsEnded: (ended: SessionEnded[]) => void;
}

const account =
	<S extends z.ZodType, R>(command: Command<S, R>) =>
	(deps: AccountDeps, actor: Actor, input: unknown, opts?: PerformOptions): R => {
		const done = perform(deps.db, actor, command, input, opts);
		deps.sessionsEnded(done.changes.sessionsEnded);
		return done.data;
	};

export const changeRole = account(users.changeRole);
export const unlockAccount = account(accountStatus.unlockAccount);
export const resetTwoFactor = account(accountStatus.resetTwoFactor);

export function setAccountDisabled(
	deps: AccountDeps,
	actor: Actor,
	input: unknown,
	disabled: boolean,
	opts?: PerformOptions
) {
	return account(disabled ? accountStatus.disableAccount : accountStatus.enableAccount)(
		deps,
		actor,
		input,
		opts
	);
}

/** An account made by an administrator (through `execute`, which hashes the password first), or by the operator. */
export async function createUser(
	deps: { db: Db; auth: Auth },
	actor: Actor | null,
	jurisdictionId: string,
	input: unknown,
	opts: PerformOptions = {}
) {
	if (!actor) return users.createUserAsOperator(deps, jurisdictionId, input);
	const events = new EventEmitter<BoardEventMap>();
	return execute({ db: deps.db, auth: deps.auth, events }, actor, 'account.create', input, opts);
}
