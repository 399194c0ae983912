/**
 * Accounts as the board sees them: who someone is, their role, agency and jurisdiction.
 * Creating a user and changing a role are admin actions, checked by the policy module; a role
 * change ends that person's sessions so every open screen re-reads what they may see.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ROLES, type Role } from '../shared/roles';
import type { Auth } from './auth';
import type { Conn, Db } from './db';
import { prepared } from './db/prepared';
import { defineCommand, type AuditSubject } from './commands/command';
import { parseInput } from './commands/kernel';
import { account, agencies, jurisdictions, user } from './db/schema';
import { DomainError, notFound } from './errors';
import { authorize, can, type Actor } from './policy';
import { mayBeAssigned } from './policy/participants';
import { PasswordSchema } from './security/password-policy';
import { endSessionsOf } from './security/session-lifetime';
import { actorFields, recordAudit } from './audit';
import { inWrite } from './db/write';

export const NewUserSchema = z
	.object({
		name: z.string().trim().min(2, 'Enter a name').max(120),
		email: z.email('Enter a valid email address').max(200).toLowerCase(),
		password: PasswordSchema,
		role: z.enum(ROLES, 'Choose a role'),
		agencyId: z.string().min(1, 'Choose an agency').max(64)
	})
	.strict();
export type NewUser = z.infer<typeof NewUserSchema>;

export const RoleChangeSchema = NewUserSchema.pick({ role: true, agencyId: true })
	.extend({ userId: z.string().min(1).max(64) })
	.strict();

/** The actor for a signed-in user id, or null when the account is gone or disabled. */
export function loadActor(db: Conn, userId: string): Actor | null {
	const row = actorRow(db).get({ id: userId });
	if (!row || row.disabled) return null;
	const { disabled: _disabled, ...actor } = row;
	return actor;
}

/** Every socket event reads its person again (a changed role ends the socket): prepared once. */
const actorRow = prepared((db) =>
	db
		.select({
			userId: user.id,
			name: user.name,
			role: user.role,
			agencyId: user.agencyId,
			agencyKind: agencies.kind,
			jurisdictionId: user.jurisdictionId,
			disabled: user.disabled
		})
		.from(user)
		.innerJoin(agencies, eq(agencies.id, user.agencyId))
		.where(eq(user.id, sql.placeholder('id')))
		.prepare()
);

export function isDisabled(db: Db, userId: string): boolean {
	const row = db.select({ disabled: user.disabled }).from(user).where(eq(user.id, userId)).get();
	return !row || row.disabled;
}

function agencyIn(db: Conn, jurisdictionId: string, agencyId: string) {
	const row = db
		.select()
		.from(agencies)
		.where(and(eq(agencies.id, agencyId), eq(agencies.jurisdictionId, jurisdictionId)))
		.get();
	if (!row)
		throw new DomainError('invalid_input', 'Some fields need attention.', { agencyId: 'Choose an agency' });
	return row;
}

/**
 * Stores an account and its password sign-in. A null hash is an account whose holder has not
 * chosen a password yet: it cannot sign in until they use their one-time link.
 */
export function insertAccount(
	tx: Conn,
	jurisdictionId: string,
	data: Omit<NewUser, 'password'>,
	hash: string | null
) {
	agencyIn(tx, jurisdictionId, data.agencyId);
	const existing = tx.select({ id: user.id }).from(user).where(eq(user.email, data.email)).get();
	if (existing) {
		throw new DomainError('conflict', 'That email already has an account.', {
			email: 'That email already has an account'
		});
	}
	const created = tx
		.insert(user)
		.values({ name: data.name, email: data.email, role: data.role, agencyId: data.agencyId, jurisdictionId })
		.returning()
		.get();
	tx.insert(account)
		.values({ accountId: created.id, providerId: 'credential', userId: created.id, password: hash })
		.run();
	return publicUser(created);
}

export const accountCreated = (data: Omit<NewUser, 'password'>, userId: string | null): AuditSubject => ({
	action: 'account.created',
	objectType: 'user',
	objectId: userId,
	detail: { role: data.role ?? null, agencyId: data.agencyId ?? null }
});

/** Only administrators manage people; asked before anything else (a password is not even hashed). */
export const managesPeople = (actor: Actor) =>
	can(actor, 'users.manage', { jurisdictionId: actor.jurisdictionId });

/** An administrator creates an account with a first password. */
export const createAccount = defineCommand({
	name: 'account.create',
	input: NewUserSchema,
	permit: managesPeople,
	prepare: async (data, deps) => ({ hash: await deps.hashPassword(data.password) }),
	audit: (data, result?: PublicUser) => accountCreated(data, result?.id ?? null),
	run({ tx, actor }, data, prepared: { hash: string }) {
		return insertAccount(tx, actor.jurisdictionId, data, prepared.hash);
	}
});

/**
 * Creates an account from the command line or the demo seed, where nobody is signed in: the
 * operator who runs it has the database itself. Audited with no actor.
 */
export async function createUserAsOperator(
	deps: { db: Db; auth: Auth },
	jurisdictionId: string,
	input: unknown
) {
	const data = parseInput(NewUserSchema, input);
	const hash = await (await deps.auth.$context).password.hash(data.password);
	return inWrite(deps.db, () => {
		const created = insertAccount(deps.db, jurisdictionId, data, hash);
		// Same transaction: no account exists without its audit entry (fail closed).
		recordAudit(deps.db, {
			...actorFields(null),
			jurisdictionId,
			sourceAddress: null,
			...accountCreated(data, created.id),
			outcome: 'success'
		});
		return created;
	});
}

/** Changes someone's role and agency; their sessions end so they sign in to the new view. */
export const changeRole = defineCommand({
	name: 'account.role',
	input: RoleChangeSchema,
	permit: managesPeople,
	audit: (data, result?: RoleChanged) => ({
		action: 'account.role_changed',
		objectType: 'user',
		objectId: data.userId ?? null,
		detail: {
			fromRole: result?.fromRole ?? null,
			toRole: data.role ?? null,
			agencyId: data.agencyId ?? null,
			sessionsEnded: result?.sessionsEnded ?? null
		}
	}),
	run({ tx, actor, changes }, { userId, role, agencyId }): RoleChanged {
		const target = tx.select().from(user).where(eq(user.id, userId)).get();
		if (!target || target.jurisdictionId !== actor.jurisdictionId) throw notFound('That person');
		agencyIn(tx, actor.jurisdictionId, agencyId);
		tx.update(user).set({ role, agencyId, updatedAt: new Date() }).where(eq(user.id, userId)).run();
		const ended = endSessionsOf(tx, userId);
		changes.sessions(ended);
		return { userId, role, agencyId, fromRole: target.role, sessionsEnded: ended.length };
	}
});

interface RoleChanged {
	userId: string;
	role: Role;
	agencyId: string;
	fromRole: Role;
	sessionsEnded: number;
}

export function listUsers(db: Db, actor: Actor) {
	authorize(actor, 'users.manage', { jurisdictionId: actor.jurisdictionId });
	return db
		.select({
			id: user.id,
			name: user.name,
			email: user.email,
			role: user.role,
			agencyId: user.agencyId,
			agencyName: agencies.name,
			agencyKind: agencies.kind,
			disabled: user.disabled,
			lockedAt: user.lockedAt,
			twoFactorEnabled: user.twoFactorEnabled,
			/** No password yet: the person has not used their one-time sign-in link. */
			awaitingFirstSignIn: sql<boolean>`${account.password} is null`.mapWith(Boolean)
		})
		.from(user)
		.innerJoin(agencies, eq(agencies.id, user.agencyId))
		.leftJoin(account, and(eq(account.userId, user.id), eq(account.providerId, 'credential')))
		.where(eq(user.jurisdictionId, actor.jurisdictionId))
		.orderBy(asc(user.name))
		.all();
}

export function listAgencies(db: Db, jurisdictionId: string) {
	return db
		.select()
		.from(agencies)
		.where(eq(agencies.jurisdictionId, jurisdictionId))
		.orderBy(asc(agencies.name))
		.all();
}

export function getJurisdiction(db: Db, jurisdictionId: string) {
	return db.select().from(jurisdictions).where(eq(jurisdictions.id, jurisdictionId)).get() ?? null;
}

type PublicUser = ReturnType<typeof publicUser>;

function publicUser(row: typeof user.$inferSelect) {
	return { id: row.id, name: row.name, email: row.email, role: row.role as Role, agencyId: row.agencyId };
}

/** Case managers and defenders of the actor's jurisdiction, for assignment forms. */
export function listAssignable(db: Db, actor: Actor) {
	const people = db
		.select({ userId: user.id, name: user.name, role: user.role, disabled: user.disabled })
		.from(user)
		.where(eq(user.jurisdictionId, actor.jurisdictionId))
		.orderBy(asc(user.name))
		.all()
		.filter((u) => !u.disabled);
	return {
		caseManagers: people.filter((u) => mayBeAssigned(u.role, 'caseManager')),
		defenders: people.filter((u) => mayBeAssigned(u.role, 'defender'))
	};
}
