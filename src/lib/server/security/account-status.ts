/**
 * An administrator's switches on an account: disable (its sessions end and its sockets close at
 * once), enable, unlock after too many failed sign-ins, and reset two-step sign-in for someone
 * who lost their authenticator app. Each is a command: checked by the policy module and audited
 * in the same transaction as the change.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditAction } from '../audit';
import { defineCommand, type CommandContext } from '../commands/command';
import type { Conn } from '../db';
import { twoFactor, user } from '../db/schema';
import { DomainError, notFound } from '../errors';
import type { Actor } from '../policy';
import { ERROR_CODES } from '../../shared/errors';
import { managesPeople } from '../users';
import { endSessionsOf } from './session-lifetime';
import { unlock } from './lockout';

export const AccountTargetSchema = z.object({ userId: z.string().min(1).max(64) }).strict();

type Target = typeof user.$inferSelect;

export interface AccountSwitched {
	userId: string;
	/** Sessions the change ended (their sockets close once it is stored). */
	sessionsEnded: number;
}

function targetIn(tx: Conn, actor: Actor, userId: string): Target {
	const target = tx.select().from(user).where(eq(user.id, userId)).get();
	if (!target || target.jurisdictionId !== actor.jurisdictionId) throw notFound('That person');
	return target;
}

/**
 * One switch on one account, as every switch runs: the administrator may manage people, the
 * person is of their jurisdiction; then the switch itself, whose ended sessions are announced.
 */
function accountSwitch(spec: {
	name: string;
	action: AuditAction;
	/** Whether the entry counts the sessions the switch ended. */
	countsSessions: boolean;
	apply: (ctx: CommandContext, target: Target) => { sessionId: string; userId: string }[];
}) {
	return defineCommand({
		name: spec.name,
		input: AccountTargetSchema,
		permit: managesPeople,
		audit: (data, result?: AccountSwitched) => ({
			action: spec.action,
			objectType: 'user',
			objectId: data.userId ?? null,
			...(result && spec.countsSessions ? { detail: { sessionsEnded: result.sessionsEnded } } : {})
		}),
		run(ctx, data): AccountSwitched {
			const target = targetIn(ctx.tx, ctx.actor, data.userId);
			const ended = spec.apply(ctx, target);
			ctx.changes.sessions(ended);
			return { userId: target.id, sessionsEnded: ended.length };
		}
	});
}

/** Disables an account and ends every session it has. */
export const disableAccount = accountSwitch({
	name: 'account.disable',
	action: 'account.disabled',
	countsSessions: true,
	apply({ tx, actor }, target) {
		if (target.id === actor.userId) {
			throw new DomainError(ERROR_CODES.CONFLICT, 'You cannot disable your own account.');
		}
		tx.update(user).set({ disabled: true, updatedAt: new Date() }).where(eq(user.id, target.id)).run();
		return endSessionsOf(tx, target.id);
	}
});

export const enableAccount = accountSwitch({
	name: 'account.enable',
	action: 'account.enabled',
	countsSessions: true,
	apply({ tx }, target) {
		tx.update(user).set({ disabled: false, updatedAt: new Date() }).where(eq(user.id, target.id)).run();
		return [];
	}
});

/** Lifts a lockout so the person can sign in again; the failures that caused it are forgotten. */
export const unlockAccount = accountSwitch({
	name: 'account.unlock',
	action: 'auth.unlocked',
	countsSessions: false,
	apply({ tx }, target) {
		if (!target.lockedAt) throw new DomainError(ERROR_CODES.CONFLICT, 'That account is not locked.');
		unlock(tx, target.id);
		return [];
	}
});

/**
 * Someone lost the phone with their authenticator app: removes its secret and backup codes and
 * ends their sessions, so their next sign-in asks them to set up an app again (where two-step
 * sign-in is required). Another administrator must do it for an administrator's own account.
 */
export const resetTwoFactor = accountSwitch({
	name: 'account.resetTwoFactor',
	action: 'auth.two_factor_reset',
	countsSessions: true,
	apply({ tx, actor }, target) {
		if (target.id === actor.userId) {
			throw new DomainError(
				ERROR_CODES.CONFLICT,
				'Another administrator must reset your own two-step sign-in.'
			);
		}
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
		return endSessionsOf(tx, target.id);
	}
});
