/**
 * The sign-in rules better-auth runs for every attempt, whichever door it came through (the
 * sign-in page or a script): a locked or disabled account is refused, failures count toward the
 * lockout, and every success, failure, lock and sign-out is audited in the same transaction as
 * the change it records (fail closed).
 */
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { eq } from 'drizzle-orm';
import { recordAudit, type AuditAction, type AuditDetailValue } from '../audit';
import type { SessionEnded } from '../commands/events';
import type { Db } from '../db';
import { user } from '../db/schema';
import { accountActor, anonymousAgainst, clientAddress } from './audit-fields';
import type { Clock } from './clock';
import { clearFailures, recordFailure, type LockoutPolicy } from './lockout';
import { endSessionsOf } from './session-lifetime';
import { PASSWORD_MESSAGES, passwordProblem } from './password-policy';
import { inWrite } from '../db/write';

export interface GuardDeps {
	db: Db;
	lockout: LockoutPolicy;
	clock: Clock;
	/** Closes the sockets of sessions a lock ended, once the lock is stored. */
	sessionsEnded: (ended: SessionEnded[]) => void;
	/** Counts a failed sign-in for the operator's metrics, by reason. */
	signInFailed?: (reason: string) => void;
}

/** Codes the sign-in pages turn into plain messages. */
export const SIGN_IN_CODES = {
	locked: 'ACCOUNT_LOCKED',
	disabled: 'ACCOUNT_DISABLED',
	trustDevice: 'TRUST_DEVICE_DISABLED',
	weakPassword: 'PASSWORD_NOT_ALLOWED'
} as const;

export const LOCKED_MESSAGE =
	'This account is locked after too many failed sign-ins. An administrator must unlock it.';
export const DISABLED_MESSAGE = 'This account is disabled. Ask an administrator if you need access.';

const PASSWORD_SIGN_IN = '/sign-in/email';
const SECOND_FACTOR = new Set(['/two-factor/verify-totp', '/two-factor/verify-backup-code']);
const PASSWORD_CHANGES = new Set(['/change-password', '/reset-password', '/set-password']);

type AccountRow = typeof user.$inferSelect;

/** The part of better-auth's endpoint context these rules read (hooks and middleware alike). */
interface AuthCall {
	path?: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- better-auth types request bodies as any
	body?: any;
	headers?: Headers;
	request?: Request;
	context: {
		session?: { user: { id: string } } | null;
		returned?: unknown;
		secret: string;
		createAuthCookie(name: string): { name: string };
		internalAdapter: { findVerificationValue(identifier: string): Promise<{ value: string } | null> };
	};
	getSignedCookie(name: string, secret: string): Promise<string | null | false>;
}
type MiddlewareCtx = AuthCall;

function accountByEmail(db: Db, email: unknown): AccountRow | undefined {
	if (typeof email !== 'string') return undefined;
	return db.select().from(user).where(eq(user.email, email.trim().toLowerCase())).get();
}

function accountById(db: Db, id: string | null): AccountRow | undefined {
	return id ? db.select().from(user).where(eq(user.id, id)).get() : undefined;
}

function addressOf(ctx: { headers?: Headers; request?: Request } | null | undefined): string | null {
	return clientAddress(ctx?.headers ?? ctx?.request?.headers);
}

/** The account waiting for its second factor, named by the signed two-factor cookie. */
async function pendingSecondFactor(ctx: MiddlewareCtx): Promise<string | null> {
	const cookie = ctx.context.createAuthCookie('two_factor');
	const identifier = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
	if (!identifier) return null;
	const verification = await ctx.context.internalAdapter.findVerificationValue(identifier);
	return verification?.value ?? null;
}

/** Refuses a locked or disabled account before any password or code is checked. */
function refuseClosedAccount(deps: GuardDeps, ctx: MiddlewareCtx, account: AccountRow | undefined) {
	if (!account || (!account.lockedAt && !account.disabled)) return;
	const reason = account.disabled ? 'disabled' : 'locked';
	deps.signInFailed?.(reason);
	recordAudit(deps.db, {
		...anonymousAgainst(deps.db, account.id),
		sourceAddress: addressOf(ctx),
		action: 'auth.sign_in_failed',
		objectType: 'user',
		objectId: account.id,
		outcome: 'denied',
		detail: { reason }
	});
	throw APIError.from('FORBIDDEN', {
		code: account.disabled ? SIGN_IN_CODES.disabled : SIGN_IN_CODES.locked,
		message: account.disabled ? DISABLED_MESSAGE : LOCKED_MESSAGE
	});
}

/**
 * One failed attempt: counted against the account (when one was named) and audited; the failure
 * that reaches the limit locks the account, ends every session it has (on every channel: someone
 * guessing the password may already hold one), and is audited as a lock.
 */
export function recordFailedAttempt(
	deps: GuardDeps,
	account: Pick<AccountRow, 'id'> | undefined,
	attempt: { action: AuditAction; sourceAddress: string | null; detail: Record<string, AuditDetailValue> }
): void {
	const now = deps.clock();
	const ended = inWrite(deps.db, () => {
		const counted = account ? recordFailure(deps.db, account.id, now, deps.lockout) : null;
		const base = {
			...anonymousAgainst(deps.db, account?.id ?? null),
			sourceAddress: attempt.sourceAddress,
			objectType: 'user',
			objectId: account?.id ?? null
		};
		recordAudit(deps.db, {
			...base,
			action: attempt.action,
			outcome: 'failure',
			detail: { ...attempt.detail, ...(counted ? { failures: counted.failures } : {}) }
		});
		if (!account || !counted?.lockedNow) return [];
		const sessions = endSessionsOf(deps.db, account.id);
		recordAudit(deps.db, {
			...base,
			action: 'auth.locked',
			outcome: 'success',
			detail: {
				failures: counted.failures,
				windowSeconds: Math.round(deps.lockout.windowMs / 1000),
				sessionsEnded: sessions.length
			}
		});
		return sessions;
	});
	deps.signInFailed?.(typeof attempt.detail.reason === 'string' ? attempt.detail.reason : 'wrong_code');
	deps.sessionsEnded(ended);
}

function refuseWeakPassword(ctx: MiddlewareCtx): void {
	const proposed: unknown = ctx.body?.newPassword;
	if (typeof proposed !== 'string') return;
	const problem = passwordProblem(proposed);
	if (problem)
		throw APIError.from('BAD_REQUEST', {
			code: SIGN_IN_CODES.weakPassword,
			message: PASSWORD_MESSAGES[problem]
		});
}

function isErrorWithCode(returned: unknown, codes: string[]): returned is APIError {
	if (!(returned instanceof APIError)) return false;
	const code = (returned.body as { code?: unknown } | undefined)?.code;
	return typeof code === 'string' && codes.includes(code);
}

async function beforeRequest(deps: GuardDeps, ctx: MiddlewareCtx): Promise<void> {
	const path = ctx.path ?? '';
	if (path === PASSWORD_SIGN_IN) {
		refuseClosedAccount(deps, ctx, accountByEmail(deps.db, ctx.body?.email));
	} else if (SECOND_FACTOR.has(path)) {
		// A remembered device would skip the second factor at later sign-ins; the board asks every time.
		if (ctx.body?.trustDevice) {
			throw APIError.from('BAD_REQUEST', {
				code: SIGN_IN_CODES.trustDevice,
				message: 'This board asks for a code at every sign-in; it does not remember devices.'
			});
		}
		refuseClosedAccount(deps, ctx, accountById(deps.db, await pendingSecondFactor(ctx)));
	} else if (PASSWORD_CHANGES.has(path)) {
		refuseWeakPassword(ctx);
	}
}

async function afterRequest(deps: GuardDeps, ctx: MiddlewareCtx): Promise<void> {
	const returned: unknown = ctx.context.returned;
	const sourceAddress = addressOf(ctx);
	const path = ctx.path ?? '';
	if (path === PASSWORD_SIGN_IN && isErrorWithCode(returned, ['INVALID_EMAIL_OR_PASSWORD'])) {
		const account = accountByEmail(deps.db, ctx.body?.email);
		recordFailedAttempt(deps, account, {
			action: 'auth.sign_in_failed',
			sourceAddress,
			detail: { method: 'password', reason: account ? 'wrong_password' : 'unknown_account' }
		});
		return;
	}
	if (!SECOND_FACTOR.has(path) || !isErrorWithCode(returned, ['INVALID_CODE', 'INVALID_BACKUP_CODE'])) return;
	const method = path.endsWith('backup-code') ? 'backup_code' : 'totp';
	const signedIn = ctx.context.session?.user.id;
	if (signedIn) {
		// Setting up the app while signed in: audited, but a typo there is not a sign-in attempt.
		recordAudit(deps.db, {
			...accountActor(deps.db, signedIn),
			sourceAddress,
			action: 'auth.two_factor_failed',
			objectType: 'user',
			objectId: signedIn,
			outcome: 'failure',
			detail: { method, stage: 'enrolment' }
		});
		return;
	}
	const account = accountById(deps.db, await pendingSecondFactor(ctx));
	recordFailedAttempt(deps, account, { action: 'auth.two_factor_failed', sourceAddress, detail: { method } });
}

/**
 * Runs before better-auth stores a session. A disabled or locked account gets none; a session
 * that completes a sign-in is audited with it and clears the failure count. Returning false
 * makes better-auth refuse the session.
 */
export function beforeSessionCreated(
	deps: GuardDeps,
	created: { userId: string },
	ctx: MiddlewareCtx | null
): false | undefined {
	const account = accountById(deps.db, created.userId);
	if (!account || account.disabled || account.lockedAt) return false;
	const path = ctx?.path ?? '';
	const completesSignIn =
		(path === PASSWORD_SIGN_IN && !account.twoFactorEnabled) ||
		(SECOND_FACTOR.has(path) && !ctx?.context.session);
	if (!completesSignIn) return undefined; // a second factor is still due, or a session is being rotated
	inWrite(deps.db, () => {
		clearFailures(deps.db, account.id);
		recordAudit(deps.db, {
			...accountActor(deps.db, account.id),
			sourceAddress: addressOf(ctx),
			action: 'auth.sign_in',
			objectType: 'user',
			objectId: account.id,
			outcome: 'success',
			detail: {
				method: path === PASSWORD_SIGN_IN ? 'password' : path.endsWith('backup-code') ? 'backup_code' : 'totp'
			}
		});
	});
	return undefined;
}

/** Runs before better-auth deletes a session: a sign-out or an expiry found by better-auth is audited. */
export function beforeSessionDeleted(
	deps: GuardDeps,
	ending: { id: string; userId: string; expiresAt: Date; ipAddress?: string | null },
	ctx: MiddlewareCtx | null
): void {
	const expired = new Date(ending.expiresAt).getTime() <= deps.clock().getTime();
	if (ctx?.path !== '/sign-out' && !expired) return;
	recordAudit(deps.db, {
		...accountActor(deps.db, ending.userId),
		sourceAddress: addressOf(ctx) ?? (ending.ipAddress || null),
		action: expired ? 'session.expired' : 'auth.sign_out',
		objectType: 'session',
		objectId: ending.id,
		outcome: 'success',
		...(expired ? { detail: { reason: 'absolute' } } : {})
	});
}

export function signInMiddleware(deps: GuardDeps) {
	return {
		before: createAuthMiddleware((ctx) => beforeRequest(deps, ctx)),
		after: createAuthMiddleware((ctx) => afterRequest(deps, ctx))
	};
}
