/**
 * First sign-in by a one-time link: an account created without a password gets a link the
 * administrator hands to its holder (through the county's own email), who opens it and chooses
 * a password; two-step sign-in is then set up at their first sign-in as for everyone.
 *
 * A link works once and for INVITATION_DAYS days. Only a SHA-256 digest of its secret is stored
 * (in the auth library's `verification` table, which holds one-time tokens), so a copy of the
 * database cannot be used to sign in; the secret travels after `#` in the link, so no server or
 * proxy log ever carries it; issuing a new link voids the old one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, like } from 'drizzle-orm';
import { z } from 'zod';
import { defineCommand } from './commands/command';
import type { Conn, Db } from './db';
import { account, user, verification } from './db/schema';
import { DomainError, notFound } from './errors';
import type { Actor } from './policy';
import { PasswordSchema } from './security/password-policy';
import { managesPeople } from './users';
import { ERROR_CODES } from '../shared/errors';

export const INVITATION_DAYS = 7;
const PREFIX = 'account-invitation:';

const digest = (token: string) => PREFIX + createHash('sha256').update(token).digest('hex');

export interface Invitation {
	token: string;
	expiresAt: Date;
}

/** A new one-time link for a person; any earlier link of theirs stops working. */
export function issueInvitation(tx: Conn, userId: string, now: Date): Invitation {
	tx.delete(verification)
		.where(and(like(verification.identifier, `${PREFIX}%`), eq(verification.value, userId)))
		.run();
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
	tx.insert(verification)
		.values({ identifier: digest(token), value: userId, expiresAt, createdAt: now, updatedAt: now })
		.run();
	return { token, expiresAt };
}

/** Whose link this is, while it still works; null for a used, expired or made-up one. */
export function invitationHolder(db: Conn, token: string, now = new Date()): string | null {
	if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
	const row = db
		.select({ userId: verification.value })
		.from(verification)
		.where(and(eq(verification.identifier, digest(token)), gt(verification.expiresAt, now)))
		.get();
	return row?.userId ?? null;
}

/** Has this person never chosen a password (so a first sign-in link is theirs to have)? */
function awaitingFirstSignIn(tx: Conn, userId: string): boolean {
	const row = tx
		.select({ password: account.password })
		.from(account)
		.where(and(eq(account.userId, userId), eq(account.providerId, 'credential')))
		.get();
	return !row?.password;
}

export interface InvitationIssued extends Invitation {
	userId: string;
	name: string;
	email: string;
}

/** The administrator issues a new link to someone who has not signed in yet (a lost or expired one). */
export const inviteAccount = defineCommand({
	name: 'account.invite',
	input: z.strictObject({ userId: z.string().min(1).max(64) }),
	permit: managesPeople,
	audit: (data) => ({ action: 'account.invited', objectType: 'user', objectId: data.userId ?? null }),
	run({ tx, actor, now }, { userId }): InvitationIssued {
		const target = tx.select().from(user).where(eq(user.id, userId)).get();
		if (!target || target.jurisdictionId !== actor.jurisdictionId) throw notFound('That person');
		if (!awaitingFirstSignIn(tx, userId)) {
			throw new DomainError(ERROR_CODES.CONFLICT, `${target.name} has chosen a password already.`);
		}
		return { userId, name: target.name, email: target.email, ...issueInvitation(tx, userId, now) };
	}
});

interface PasswordChosen {
	userId: string;
	email: string;
}

const linkUsed = () =>
	new DomainError(
		ERROR_CODES.NOT_FOUND,
		'This sign-in link has expired or has been used. Ask your administrator for a new one.'
	);

/**
 * The link's holder chooses their password (the actor is the person the link names, read from
 * it by the page). The link is used up in the same transaction.
 */
export const acceptInvitation = defineCommand({
	name: 'account.acceptInvitation',
	input: z.strictObject({ token: z.string().min(1).max(200), password: PasswordSchema }),
	prepare: async (data, deps) => ({ hash: await deps.hashPassword(data.password) }),
	audit: (_data, result?: PasswordChosen) => ({
		action: 'account.invitation_accepted',
		objectType: 'user',
		objectId: result?.userId ?? null
	}),
	run({ tx, actor, now }, { token }, prepared: { hash: string }): PasswordChosen {
		if (invitationHolder(tx, token, now) !== actor.userId) throw linkUsed();
		tx.delete(verification)
			.where(eq(verification.identifier, digest(token)))
			.run();
		const credential = and(eq(account.userId, actor.userId), eq(account.providerId, 'credential'));
		tx.update(account).set({ password: prepared.hash, updatedAt: now }).where(credential).run();
		return { userId: actor.userId, email: emailOf(tx, actor) };
	}
});

function emailOf(tx: Conn, actor: Actor): string {
	return tx.select({ email: user.email }).from(user).where(eq(user.id, actor.userId)).get()?.email ?? '';
}

/** For the link's page: the holder's name and email, so they know the link is theirs. */
export function invitationFor(db: Db, token: string): { userId: string; name: string; email: string } | null {
	const userId = invitationHolder(db, token);
	if (!userId) return null;
	const row = db
		.select({ name: user.name, email: user.email, disabled: user.disabled })
		.from(user)
		.where(eq(user.id, userId))
		.get();
	return row && !row.disabled ? { userId, name: row.name, email: row.email } : null;
}
