/**
 * "Is this someone the program already knows?" While a referral is filled in, the people on
 * record whose name, an alias or date of birth match what the referrer typed, spellings a letter
 * or two apart included, so a person who comes back re-enters on their own record instead of
 * becoming a second one. A match is shown only to someone the policy lets see that participant's
 * identity; anyone else learns that a possible duplicate exists, which the facilitator resolves,
 * and never who it is.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import type { Conn } from '../db';
import { participants, type Participant } from '../db/participants.schema';
import { authorize, can, type Actor } from '../policy';
import type { KnownPerson, PossibleMatches } from '../../shared/known-people';
import { REFERRAL_PATHWAYS } from '../../shared/participant-values';
import { actorFields, recordAudit } from '../audit';
import { forbidden, invalidInput } from '../errors';
import { participantResource } from './changes';
import { RE_ENTERS_FROM } from './referrals';

export const matchQuery = z.strictObject({
	legalName: z.string().trim().max(120).default(''),
	aliases: z.string().trim().max(400).default(''),
	dateOfBirth: z.iso
		.date()
		.optional()
		.or(z.literal('').transform(() => undefined))
});
export type MatchQuery = z.input<typeof matchQuery>;

/** At most this many people are offered; the closest first. */
const MAX_OFFERED = 5;

/** "José  O'Neil-Ortiz" and "jose oneil ortiz" are the same name. */
export function normalizeName(name: string): string {
	return name
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/[^a-z\s-]/g, '')
		.replace(/[\s-]+/g, ' ')
		.trim();
}

/** Words in any order: "Ortiz Jordan" is "Jordan Ortiz". */
const sortedWords = (name: string) => name.split(' ').sort().join(' ');

/** How close two normalized names are: 0 the same, 1 a close spelling, null no match. */
export function nameCloseness(a: string, b: string): 0 | 1 | null {
	if (a.length < 2 || b.length < 2) return null;
	if (a === b || sortedWords(a) === sortedWords(b)) return 0;
	const allowed = Math.min(a.length, b.length) >= 8 ? 2 : Math.min(a.length, b.length) >= 4 ? 1 : 0;
	if (allowed === 0) return null;
	return distance(a, b) <= allowed || distance(sortedWords(a), sortedWords(b)) <= allowed ? 1 : null;
}

/** The participants of the actor's program who may be the person being referred. */
export function possibleMatches(
	db: Conn,
	actor: Actor,
	input: MatchQuery,
	sourceAddress: string | null = null
): PossibleMatches {
	const scope = { jurisdictionId: actor.jurisdictionId };
	if (!REFERRAL_PATHWAYS.some((pathway) => can(actor, 'referral.create', { ...scope, pathway }))) {
		throw forbidden('Only people who make referrals look up who the program already knows.');
	}
	const parsed = matchQuery.safeParse(input);
	if (!parsed.success) throw invalidInput(parsed.error);
	const found = findMatches(db, actor, parsed.data);
	// A look-up that offers someone is audited by its counts, never by the name looked for.
	if (found.people.length || found.undisclosed) {
		recordAudit(db, {
			...actorFields(actor),
			sourceAddress,
			action: 'participant.searched',
			objectType: 'participant',
			objectId: null,
			outcome: 'success',
			detail: { shown: found.people.length, hidden: found.undisclosed }
		});
	}
	return found;
}

/** Other records that may be this participant: what the facilitator is offered to join. */
export function otherRecordsOf(db: Conn, actor: Actor, participant: Participant): KnownPerson[] {
	authorize(actor, 'participant.merge', participantResource(participant));
	const query = {
		legalName: participant.legalName,
		aliases: participant.aliases.join(','),
		dateOfBirth: undefined
	};
	return findMatches(db, actor, {
		...query,
		dateOfBirth: participant.dateOfBirth ?? undefined
	}).people.filter((p) => p.participantId !== participant.id);
}

function findMatches(db: Conn, actor: Actor, query: z.output<typeof matchQuery>): PossibleMatches {
	const names = [query.legalName, ...query.aliases.split(/[,;]/)]
		.map(normalizeName)
		.filter((n) => n.length >= 2);
	if (!names.length && !query.dateOfBirth) return { people: [], undisclosed: 0 };
	const candidates = db
		.select()
		.from(participants)
		.where(and(eq(participants.jurisdictionId, actor.jurisdictionId), isNull(participants.mergedIntoId)))
		.all();
	const scored: { person: KnownPerson; score: number; disclosed: boolean }[] = [];
	for (const p of candidates) {
		const because: string[] = [];
		let score = 0;
		const theirs = [
			{ name: normalizeName(p.legalName), alias: null as string | null },
			...p.aliases.map((alias) => ({ name: normalizeName(alias), alias }))
		];
		// A legal name outweighs an alias (street names like "Little Alder" are shared), and the same
		// spelling outweighs a close one: legal 4 or 3, alias 2 or 1.
		const weigh = (m: { closeness: 0 | 1; alias: string | null }) => (m.alias ? 1 : 3) + (1 - m.closeness);
		let best: { closeness: 0 | 1; alias: string | null } | null = null;
		for (const mine of names) {
			for (const their of theirs) {
				const closeness = nameCloseness(mine, their.name);
				if (closeness === null) continue;
				const match = { closeness, alias: their.alias };
				if (!best || weigh(match) > weigh(best)) best = match;
			}
		}
		if (best) {
			score += weigh(best);
			const what = best.closeness === 0 ? 'Same name' : 'A close spelling of the name';
			because.push(best.alias ? `${what} as the alias “${best.alias}”` : what);
		}
		const sameBirth = Boolean(query.dateOfBirth && p.dateOfBirth === query.dateOfBirth);
		if (sameBirth) {
			score += 2;
			because.push('Same date of birth');
		}
		// A date of birth alone is shared by too many people to offer anyone.
		if (!best) continue;
		scored.push({
			score,
			disclosed: can(actor, 'participant.viewIdentity', participantResource(p)),
			person: {
				participantId: p.id,
				code: p.code,
				legalName: p.legalName,
				aliases: p.aliases,
				dateOfBirth: p.dateOfBirth,
				status: p.status,
				mayReferAgain: RE_ENTERS_FROM.includes(p.status),
				version: p.version,
				because
			}
		});
	}
	scored.sort((a, b) => b.score - a.score || a.person.code.localeCompare(b.person.code));
	return {
		people: scored
			.filter((s) => s.disclosed)
			.slice(0, MAX_OFFERED)
			.map((s) => s.person),
		undisclosed: scored.filter((s) => !s.disclosed).length
	};
}
