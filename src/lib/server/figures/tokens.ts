/**
 * API tokens for a state or county dashboard that reads the program figures: issued and revoked
 * by the administrator, shown once when issued, kept only as a hash. A token reads figures of its
 * own jurisdiction and nothing else; no staff names go to it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { defineCommand } from '../commands/command';
import type { Conn } from '../db';
import { user } from '../db/schema';
import { apiTokens } from '../db/figures.schema';
import { notFound } from '../errors';
import { can, type Actor } from '../policy';
import type { IssuedToken } from '../../shared/figures';

const PREFIX = 'leadfig_';
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

const managesTokens = (actor: Actor) =>
	can(actor, 'api_tokens.manage', { jurisdictionId: actor.jurisdictionId });

export const issueTokenInput = z.strictObject({
	name: z.string().trim().min(3, 'Name the dashboard or system that will use the token.').max(80)
});

export type { IssuedToken };

export const issueApiToken = defineCommand({
	name: 'apiToken.issue',
	input: issueTokenInput,
	permit: managesTokens,
	prepare: () => Promise.resolve(PREFIX + randomBytes(32).toString('base64url')),
	audit: (data, result?: IssuedToken) => ({
		action: 'api_token.issued',
		objectType: 'api_token',
		objectId: result?.id ?? null,
		detail: { scope: 'figures:read' }
	}),
	run({ tx, actor, now }, data, token: string): IssuedToken {
		const id = crypto.randomUUID();
		tx.insert(apiTokens)
			.values({
				id,
				jurisdictionId: actor.jurisdictionId,
				name: data.name,
				scope: 'figures:read',
				tokenHash: digest(token),
				createdByUserId: actor.userId,
				createdAt: now
			})
			.run();
		return { id, name: data.name, token };
	}
});

export const revokeApiToken = defineCommand({
	name: 'apiToken.revoke',
	input: z.strictObject({ tokenId: z.string().trim().min(1).max(64) }),
	permit: managesTokens,
	audit: (data) => ({ action: 'api_token.revoked', objectType: 'api_token', objectId: data.tokenId }),
	run({ tx, actor, now }, data): { id: string } {
		const found = tx
			.select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt })
			.from(apiTokens)
			.where(and(eq(apiTokens.id, data.tokenId), eq(apiTokens.jurisdictionId, actor.jurisdictionId)))
			.get();
		if (!found) throw notFound('API token');
		if (!found.revokedAt) {
			tx.update(apiTokens)
				.set({ revokedAt: now, revokedByUserId: actor.userId })
				.where(eq(apiTokens.id, found.id))
				.run();
		}
		return { id: found.id };
	}
});

export interface TokenRow {
	id: string;
	name: string;
	createdAt: string;
	createdBy: string;
	revokedAt: string | null;
}

/** The jurisdiction's tokens for the administrator's page, newest first (never a hash). */
export function listApiTokens(db: Conn, jurisdictionId: string): TokenRow[] {
	return db
		.select({
			id: apiTokens.id,
			name: apiTokens.name,
			createdAt: apiTokens.createdAt,
			createdBy: user.name,
			revokedAt: apiTokens.revokedAt
		})
		.from(apiTokens)
		.leftJoin(user, eq(user.id, apiTokens.createdByUserId))
		.where(eq(apiTokens.jurisdictionId, jurisdictionId))
		.orderBy(desc(apiTokens.createdAt))
		.all()
		.map((t) => ({
			id: t.id,
			name: t.name,
			createdAt: t.createdAt.toISOString(),
			createdBy: t.createdBy ?? 'Former staff member',
			revokedAt: t.revokedAt?.toISOString() ?? null
		}));
}

/** Whom an `Authorization: Bearer …` header speaks for: a live token's jurisdiction, or nobody. */
export function tokenHolder(
	db: Conn,
	header: string | null
): { tokenId: string; jurisdictionId: string } | null {
	const m = /^Bearer\s+(leadfig_[A-Za-z0-9_-]{43})$/.exec(header?.trim() ?? '');
	if (!m) return null;
	const row = db
		.select({ id: apiTokens.id, jurisdictionId: apiTokens.jurisdictionId })
		.from(apiTokens)
		.where(and(eq(apiTokens.tokenHash, digest(m[1])), isNull(apiTokens.revokedAt)))
		.get();
	return row ? { tokenId: row.id, jurisdictionId: row.jurisdictionId } : null;
}
