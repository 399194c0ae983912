/**
 * Accounts as the board sees them: who someone is, their role, agency and jurisdiction.
 * Creating a user and changing a role are admin actions, checked by the policy module; a role
 * change ends that person's sessions so every open screen re-reads what they may see.
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { ROLES, type Role } from '../shared/roles';
import type { Auth } from './auth';
import type { Db } from './db';
import { account, agencies, jurisdictions, session, user } from './db/schema';
import { DomainError, invalidInput, notFound } from './errors';
import { authorize, type Actor } from './policy';
import { ASSIGNABLE_ROLES } from './policy/participants';
import { PasswordSchema } from './security/password-policy';
import { actorFields, recordAudit } from './audit';

/** What the caller knows about the request, for the audit entry. */
export interface AuditMeta {
	sourceAddress?: string | null;
}

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

export interface UserDeps {
	db: Db;
	auth: Auth;
	/** Called with every session a change has ended, so their sockets close. */
	sessionsEnded: (ended: { sessionId: string; userId: string }[]) => void;
}

/** The actor for a signed-in user id, or null when the account is gone or disabled. */
export function loadActor(db: Db, userId: string): Actor | null {
	const row = db
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
		.where(eq(user.id, userId))
		.get();
	if (!row || row.disabled) return null;
	const { disabled: _disabled, ...actor } = row;
	return actor;
}

export function isDisabled(db: Db, userId: string): boolean {
	const row = db.select({ disabled: user.disabled }).from(user).where(eq(user.id, userId)).get();
	return !row || row.disabled;
}

function agencyIn(db: Db, jurisdictionId: string, agencyId: string) {
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
 * Creates an account with a password. `actor` is null only for first set-up from the command
 * line, which has no signed-in user.
 */
export async function createUser(
	deps: Pick<UserDeps, 'db' | 'auth'>,
	actor: Actor | null,
	jurisdictionId: string,
	input: unknown,
	meta: AuditMeta = {}
) {
	if (actor) authorize(actor, 'users.manage', { jurisdictionId });
	const parsed = NewUserSchema.safeParse(input);
	if (!parsed.success) throw invalidInput(parsed.error);
	const data = parsed.data;
	agencyIn(deps.db, jurisdictionId, data.agencyId);
	const existing = deps.db.select({ id: user.id }).from(user).where(eq(user.email, data.email)).get();
	if (existing) {
		throw new DomainError('conflict', 'That email already has an account.', {
			email: 'That email already has an account'
		});
	}
	const ctx = await deps.auth.$context;
	const hash = await ctx.password.hash(data.password);
	return deps.db.transaction((tx) => {
		const created = tx
			.insert(user)
			.values({
				name: data.name,
				email: data.email,
				role: data.role,
				agencyId: data.agencyId,
				jurisdictionId
			})
			.returning()
			.get();
		tx.insert(account)
			.values({ accountId: created.id, providerId: 'credential', userId: created.id, password: hash })
			.run();
		// Same transaction: no account exists without its audit entry (fail closed).
		recordAudit(tx, {
			...actorFields(actor),
			jurisdictionId,
			sourceAddress: meta.sourceAddress ?? null,
			action: 'account.created',
			objectType: 'user',
			objectId: created.id,
			outcome: 'success',
			detail: { role: data.role, agencyId: data.agencyId }
		});
		return publicUser(created);
	});
}

/** Changes someone's role and agency; their sessions end so they sign in to the new view. */
export function changeRole(deps: UserDeps, actor: Actor, input: unknown, meta: AuditMeta = {}) {
	authorize(actor, 'users.manage', { jurisdictionId: actor.jurisdictionId });
	const parsed = RoleChangeSchema.safeParse(input);
	if (!parsed.success) throw invalidInput(parsed.error);
	const { userId, role, agencyId } = parsed.data;
	const target = deps.db.select().from(user).where(eq(user.id, userId)).get();
	if (!target || target.jurisdictionId !== actor.jurisdictionId) throw notFound('That person');
	agencyIn(deps.db, actor.jurisdictionId, agencyId);
	const ended = deps.db.transaction((tx) => {
		tx.update(user).set({ role, agencyId, updatedAt: new Date() }).where(eq(user.id, userId)).run();
		const endedSessions = tx
			.delete(session)
			.where(eq(session.userId, userId))
			.returning({ sessionId: session.id, userId: session.userId })
			.all();
		recordAudit(tx, {
			...actorFields(actor),
			sourceAddress: meta.sourceAddress ?? null,
			action: 'account.role_changed',
			objectType: 'user',
			objectId: userId,
			outcome: 'success',
			detail: { fromRole: target.role, toRole: role, agencyId, sessionsEnded: endedSessions.length }
		});
		return endedSessions;
	});
	deps.sessionsEnded(ended);
	return { userId, role, agencyId };
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
			twoFactorEnabled: user.twoFactorEnabled
		})
		.from(user)
		.innerJoin(agencies, eq(agencies.id, user.agencyId))
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
		caseManagers: people.filter((u) => (ASSIGNABLE_ROLES.caseManager as readonly Role[]).includes(u.role)),
		defenders: people.filter((u) => (ASSIGNABLE_ROLES.defender as readonly Role[]).includes(u.role))
	};
}
