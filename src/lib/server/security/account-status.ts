/**
 * An administrator's switches on an account: disable (its sessions end and its sockets close at
 * once), enable, unlock after too many failed sign-ins, and reset two-step sign-in for someone
 * who lost their authenticator app. Each is checked by the policy module and audited in the same
 * transaction as the change.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { actorFields, recordAudit } from '../audit';
import { session, twoFactor, user } from '../db/schema';
import { DomainError, invalidInput, notFound } from '../errors';
import { authorize, type Actor } from '../policy';
import { ERROR_CODES } from '../../shared/errors';
import type { AuditMeta, UserDeps } from '../users';
import { unlock } from './lockout';

export const AccountTargetSchema = z.object({ userId: z.string().min(1).max(64) }).strict();

function targetIn(deps: Pick<UserDeps, 'db'>, actor: Actor, input: unknown) {
	authorize(actor, 'users.manage', { jurisdictionId: actor.jurisdictionId });
	const parsed = AccountTargetSchema.safeParse(input);
	if (!parsed.success) throw invalidInput(parsed.error);
	const target = deps.db.select().from(user).where(eq(user.id, parsed.data.userId)).get();
	if (!target || target.jurisdictionId !== actor.jurisdictionId) throw notFound('That person');
	return target;
}

/** Disables or re-enables an account. Disabling ends every session it has. */
export function setAccountDisabled(
	deps: UserDeps,
	actor: Actor,
	input: unknown,
	disabled: boolean,
	meta: AuditMeta = {}
) {
	const target = targetIn(deps, actor, input);
	if (disabled && target.id === actor.userId) {
		throw new DomainError(ERROR_CODES.CONFLICT, 'You cannot disable your own account.');
	}
	const ended = deps.db.transaction((tx) => {
		tx.update(user).set({ disabled, updatedAt: new Date() }).where(eq(user.id, target.id)).run();
		const endedSessions = disabled
			? tx
					.delete(session)
					.where(eq(session.userId, target.id))
					.returning({ sessionId: session.id, userId: session.userId })
					.all()
			: [];
		recordAudit(tx, {
			...actorFields(actor),
			sourceAddress: meta.sourceAddress ?? null,
			action: disabled ? 'account.disabled' : 'account.enabled',
			objectType: 'user',
			objectId: target.id,
			outcome: 'success',
			detail: { sessionsEnded: endedSessions.length }
		});
		return endedSessions;
	});
	deps.sessionsEnded(ended);
	return { userId: target.id, disabled };
}

/** Lifts a lockout so the person can sign in again; the failures that caused it are forgotten. */
export function unlockAccount(
	deps: Pick<UserDeps, 'db'>,
	actor: Actor,
	input: unknown,
	meta: AuditMeta = {}
) {
	const target = targetIn(deps, actor, input);
	if (!target.lockedAt) throw new DomainError(ERROR_CODES.CONFLICT, 'That account is not locked.');
	deps.db.transaction((tx) => {
		unlock(tx, target.id);
		recordAudit(tx, {
			...actorFields(actor),
			sourceAddress: meta.sourceAddress ?? null,
			action: 'auth.unlocked',
			objectType: 'user',
			objectId: target.id,
			outcome: 'success'
		});
	});
	return { userId: target.id };
}

/**
 * Someone lost the phone with their authenticator app: removes its secret and backup codes and
 * ends their sessions, so their next sign-in asks them to set up an app again (where two-step
 * sign-in is required). Another administrator must do it for an administrator's own account.
 */
export function resetTwoFactor(deps: UserDeps, actor: Actor, input: unknown, meta: AuditMeta = {}) {
	const target = targetIn(deps, actor, input);
	if (target.id === actor.userId) {
		throw new DomainError(
			ERROR_CODES.CONFLICT,
			'Another administrator must reset your own two-step sign-in.'
		);
	}
	const ended = deps.db.transaction((tx) => {
		const secrets = tx
			.delete(twoFactor)
			.where(eq(twoFactor.userId, target.id))
			.returning({ id: twoFactor.id })
			.all();
		if (!target.twoFactorEnabled && secrets.length === 0) {
			throw new DomainError(ERROR_CODES.CONFLICT, 'That person has not set up two-step sign-in.');
		}
		tx.update(user)
			.set({ twoFactorEnabled: false, updatedAt: new Date() })
			.where(eq(user.id, target.id))
			.run();
		const endedSessions = tx
			.delete(session)
			.where(eq(session.userId, target.id))
			.returning({ sessionId: session.id, userId: session.userId })
			.all();
		recordAudit(tx, {
			...actorFields(actor),
			sourceAddress: meta.sourceAddress ?? null,
			action: 'auth.two_factor_reset',
			objectType: 'user',
			objectId: target.id,
			outcome: 'success',
			detail: { sessionsEnded: endedSessions.length }
		});
		return endedSessions;
	});
	deps.sessionsEnded(ended);
	return { userId: target.id };
}
