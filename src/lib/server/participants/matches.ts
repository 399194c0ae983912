/**
 * Re-entry and duplicates: before a referral files a new person, the form asks whom the board
 * already holds with a close name (legal name or alias, a slip of spelling allowed) or the same
 * date of birth and a close first or last name. A match whose identity this actor may see is shown,
 * with whether they may be referred again on the same record; a match they may not see is only
 * counted, so the form warns of a possible duplicate for the facilitator to resolve and reveals
 * nothing of that person. Each search is audited with its counts, never the name searched for.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { actorFields, recordAudit } from '../audit';
import type { Db } from '../db';
import { participants } from '../db/participants.schema';
import { DomainError } from '../errors';
import { can, type Actor } from '../policy';
import { ERROR_CODES } from '../../shared/errors';
import type { MatchResult } from '../../shared/participant-matches';
import { REFERRAL_PATHWAYS } from '../../shared/participant-values';
import { nameKey } from '../imports/cells';
import { participantResource } from './changes';
import { RE_ENTERS_FROM } from './referrals';

export const findMatchesInput = z.strictObject({
	name: z.string().trim().min(2).max(120),
	dateOfBirth: z.iso.date().optional()
});

const MAX_SHOWN = 10;

/** Levenshtein distance, stopping early once it passes `limit`. */
function distance(a: string, b: string, limit: number): number {
	if (Math.abs(a.length - b.length) > limit) return limit + 1;
	let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		for (let j = 1; j <= b.length; j++) {
			row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		if (Math.min(...row) > limit) return limit + 1;
		prev = row;
	}
	return prev[b.length];
}

/** Close spellings: one slip in a short name, two in a longer one; word order does not matter. */
export function closeNames(a: string, b: string): boolean {
	const [x, y] = [nameKey(a), nameKey(b)];
	if (!x || !y) return false;
	const sorted = (s: string) => s.split(' ').sort().join(' ');
	const limit = Math.min(x.length, y.length) >= 8 ? 2 : 1;
	return distance(x, y, limit) <= limit || distance(sorted(x), sorted(y), limit) <= limit;
}

/** A first or last name in common (close spelling allowed): with the same birth date, a likely match. */
function sharesAName(a: string, b: string): boolean {
	const words = (s: string) =>
		nameKey(s)
			.split(' ')
			.filter((w) => w.length > 1);
	return words(a).some((w) => words(b).some((v) => distance(w, v, 1) <= 1));
}

/** May this actor look for people before a referral (they may refer by some pathway)? */
function maySearch(actor: Actor): boolean {
	const scope = { jurisdictionId: actor.jurisdictionId };
	return REFERRAL_PATHWAYS.some((pathway) => can(actor, 'referral.create', { ...scope, pathway }));
}

/** People on this program's board who may be the person being referred. */
export function findMatches(
	db: Db,
	actor: Actor,
	input: z.input<typeof findMatchesInput>,
	sourceAddress: string | null = null
): MatchResult {
	if (!maySearch(actor)) {
		throw new DomainError(ERROR_CODES.FORBIDDEN, 'Your role does not make referrals in this program.');
	}
	const parsed = findMatchesInput.safeParse(input);
	if (!parsed.success) {
		throw new DomainError(ERROR_CODES.INVALID_INPUT, 'Type the name (two letters at least) to look for.');
	}
	const { name, dateOfBirth } = parsed.data;
	const rows = db
		.select()
		.from(participants)
		.where(and(eq(participants.jurisdictionId, actor.jurisdictionId), isNull(participants.mergedIntoId)))
		.all();
	const found = rows.filter((p) =>
		[p.legalName, ...p.aliases].some(
			(known) => closeNames(name, known) || (dateOfBirth === p.dateOfBirth && sharesAName(name, known))
		)
	);
	const visible = found.filter((p) => can(actor, 'participant.viewIdentity', participantResource(p)));
	const result: MatchResult = {
		matches: visible.slice(0, MAX_SHOWN).map((p) => ({
			participantId: p.id,
			code: p.code,
			legalName: p.legalName,
			aliases: p.aliases,
			dateOfBirth: p.dateOfBirth,
			status: p.status,
			version: p.version,
			mayReferAgain: RE_ENTERS_FROM.includes(p.status)
		})),
		hidden: found.length - visible.length
	};
	recordAudit(db, {
		...actorFields(actor),
		sourceAddress,
		action: 'participant.searched',
		objectType: 'participant',
		objectId: null,
		outcome: 'success',
		detail: { shown: result.matches.length, hidden: result.hidden }
	});
	return result;
}
