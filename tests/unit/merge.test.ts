/**
 * Two records of one person, joined by the facilitator: the second record's whole history moves
 * onto the first, its names stay findable, it leaves the board, and nobody else may do it.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { contacts, participants } from '../../src/lib/server/db/participants.schema';
import { possibleMatches } from '../../src/lib/server/participants/matches';
import { mergedInto } from '../../src/lib/server/participants/merge';
import { participantDetailView, rosterView } from '../../src/lib/server/participants/views';
import { addContact, mergeParticipants } from '../helpers/commands';
import { buildParticipant, buildWorld, snapshotDatabase, type World } from '../helpers/factories';

let world: World;
afterEach(() => world?.close());

const now = new Date('2026-03-02T12:00:00.000Z');
const later = new Date('2026-03-20T12:00:00.000Z');

/** Marisol filed twice: once under her name, once under the way an officer spelled it. */
function filedTwice() {
	world = buildWorld();
	const first = buildParticipant(world, {
		now,
		input: { person: { legalName: 'Marisol Quintana', aliases: ['Mari'], dateOfBirth: '1991-07-14' } }
	});
	const second = buildParticipant(world, {
		now,
		assign: false,
		input: { person: { legalName: 'Marisol Quintanna', aliases: ['MQ'] } }
	});
	addContact(
		world.db,
		world.actors.police_officer,
		{
			participantId: second.participantId,
			kind: 'police_social_contact',
			occurredAt: '2026-03-05T18:00:00.000Z',
			note: 'Met at the Airport Road shelter.'
		},
		{ now: new Date('2026-03-06T12:00:00.000Z') }
	);
	const code = (id: string) =>
		world.db.select().from(participants).where(eq(participants.id, id)).get()!.code;
	return { first, second, secondCode: code(second.participantId) };
}

describe('joining two records of one person', () => {
	it('moves the second record’s history onto the first and takes it off the board', () => {
		const { first, second, secondCode } = filedTwice();
		const facilitator = world.actors.facilitator;
		const result = mergeParticipants(
			world.db,
			facilitator,
			{
				participantId: first.participantId,
				expectedVersion: first.version,
				duplicateCode: secondCode.toLowerCase(),
				reason: 'Same date of birth and photo on the shelter intake.'
			},
			{ now: later }
		);
		expect(result).toMatchObject({ participantId: first.participantId, mergedId: second.participantId });

		const moved = world.db
			.select()
			.from(contacts)
			.where(eq(contacts.note, 'Met at the Airport Road shelter.'))
			.get();
		expect(moved?.participantId).toBe(first.participantId);
		const kept = world.db.select().from(participants).where(eq(participants.id, first.participantId)).get()!;
		expect(kept.aliases.sort()).toEqual(['MQ', 'Mari', 'Marisol Quintanna']);
		expect(kept.version).toBe(result.version);

		// Both histories on one timeline: two referrals, the other record's contact, and the join.
		const timeline = participantDetailView(world.db, facilitator, first.participantId, {
			now: later
		}).timeline;
		const texts = timeline.map((e) => e.text);
		expect(texts.filter((t) => /^Referred by arrest diversion/.test(t))).toHaveLength(2);
		expect(texts).toContain(
			`Joined with ${secondCode}, a second record of the same person: its history is shown here. Why: Same date of birth and photo on the shelter intake.`
		);

		// The joined record leaves the board and the look-up, and its page leads to the first.
		const cards = rosterView(world.db, facilitator, {}, { now: later }).cards.map((c) => c.participantId);
		expect(cards).toContain(first.participantId);
		expect(cards).not.toContain(second.participantId);
		expect(mergedInto(world.db, world.jurisdiction.id, second.participantId)).toBe(first.participantId);
		expect(mergedInto(world.db, world.jurisdiction.id, first.participantId)).toBeNull();
		const found = possibleMatches(world.db, world.actors.police_officer, { legalName: 'Marisol Quintanna' });
		expect(found.people.map((p) => p.participantId)).toEqual([first.participantId]);

		// Nothing is written to the joined record any more.
		expect(() =>
			addContact(
				world.db,
				world.actors.police_officer,
				{
					participantId: second.participantId,
					kind: 'police_social_contact',
					occurredAt: '2026-03-19T18:00:00.000Z',
					note: 'Seen again.'
				},
				{ now: later }
			)
		).toThrow(expect.objectContaining({ code: 'not_found' }));

		const audited = world.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.objectId, first.participantId))
			.all();
		expect(audited.at(-1)).toMatchObject({ actorUserId: facilitator.userId, outcome: 'success' });
		expect(JSON.stringify(audited.at(-1)?.detail)).toContain('participant.merged');
		// The reason (which may name the person) stays out of the audit detail.
		expect(JSON.stringify(audited)).not.toContain('photo on the shelter');
	});

	it.each([
		['a police officer', 'police_officer', {}, 'forbidden'],
		['its own code', 'facilitator', { self: true }, 'invalid_input'],
		['a code no record has', 'facilitator', { duplicateCode: 'KC-9999' }, 'invalid_input'],
		['no reason', 'facilitator', { reason: '' }, 'invalid_input'],
		['an out-of-date record', 'facilitator', { expectedVersion: 1 }, 'conflict']
	] as const)('refuses %s and changes nothing', (_label, role, changes, code) => {
		const { first, secondCode } = filedTwice();
		const before = snapshotDatabase(world, { except: ['audit_events'] });
		const own = world.db.select().from(participants).where(eq(participants.id, first.participantId)).get()!
			.code;
		const { self, ...rest } = { self: false, ...changes };
		expect(() =>
			mergeParticipants(
				world.db,
				world.actors[role],
				{
					participantId: first.participantId,
					expectedVersion: first.version,
					duplicateCode: self ? own : secondCode,
					reason: 'Same person.',
					...rest
				},
				{ now: later }
			)
		).toThrow(expect.objectContaining({ code }));
		expect(snapshotDatabase(world, { except: ['audit_events'] })).toEqual(before);
	});
});
