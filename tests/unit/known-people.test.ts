/**
 * Who the program already knows: the referral form's look-up finds a returning person by name,
 * alias, close spelling and date of birth, shows them only to someone who may see their identity,
 * and a referral "again" lands on the same record.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { participants } from '../../src/lib/server/db/participants.schema';
import { nameCloseness, normalizeName, possibleMatches } from '../../src/lib/server/participants/matches';
import { changeStatus, createReferral } from '../helpers/commands';
import { buildParticipant, buildWorld, referralInput, type World } from '../helpers/factories';

let world: World;
afterEach(() => world?.close());

const now = new Date('2026-03-02T12:00:00.000Z');

function known(name: string, aliases: string[], dateOfBirth: string | null) {
	const person = { legalName: name, aliases, ...(dateOfBirth ? { dateOfBirth } : {}) };
	return buildParticipant(world, { now, input: { person } });
}

describe('names', () => {
	it.each([
		['Marisol Quintana', 'marisol quintana', 0],
		['José O’Neil-Ortiz', 'jose oneil ortiz', 0],
		['Quintana Marisol', 'marisol quintana', 0],
		['Marisol Quintanna', 'marisol quintana', 1],
		['Marisal Quintano', 'marisol quintana', 1],
		['Maria Lopez', 'marisol quintana', null],
		['Al', 'Ali', null]
	] as const)('%s against %s: %s', (a, b, closeness) => {
		expect(nameCloseness(normalizeName(a), normalizeName(b))).toBe(closeness);
	});
});

describe('the look-up on the referral form', () => {
	it('finds a person by legal name, alias or close spelling, closest first, and never by a birth date alone', () => {
		world = buildWorld();
		const marisol = known('Marisol Quintana', ['Mari Q'], '1991-07-14');
		const other = known('Marisa Quinn', [], '1991-07-14');
		const officer = world.actors.police_officer;

		const byName = possibleMatches(world.db, officer, { legalName: 'Marisol Quintanna' });
		expect(byName.people.map((p) => p.participantId)).toEqual([marisol.participantId]);
		expect(byName.people[0].because).toEqual(['A close spelling of the name']);

		const byAlias = possibleMatches(world.db, officer, { legalName: 'Unknown', aliases: 'Mari Q' });
		expect(byAlias.people[0]).toMatchObject({
			participantId: marisol.participantId,
			because: ['Same name as the alias “Mari Q”']
		});

		const withBirth = possibleMatches(world.db, officer, {
			legalName: 'Marisol Quintana',
			dateOfBirth: '1991-07-14'
		});
		expect(withBirth.people[0]).toMatchObject({
			participantId: marisol.participantId,
			because: ['Same name', 'Same date of birth']
		});
		// The other person shares the date of birth, but not a name: not offered.
		expect(withBirth.people.map((p) => p.participantId)).not.toContain(other.participantId);
		expect(possibleMatches(world.db, officer, { dateOfBirth: '1991-07-14' }).people).toEqual([]);
	});

	it('ranks a close spelling of the legal name above people who only share an alias with them', () => {
		world = buildWorld();
		const others = ['Alder Sampleton', 'Alder Testworth'].map((name) => known(name, ['Little Alder'], null));
		const twin = known('Alder Placeholdr', [], null);
		const found = possibleMatches(world.db, world.actors.police_officer, {
			legalName: 'Alder Placeholder',
			aliases: 'Little Alder'
		}).people;
		expect(found.map((p) => p.participantId)).toEqual([
			twin.participantId,
			...others.map((o) => o.participantId)
		]);
	});

	it('offers a referral again only to someone who left; someone in the program is not re-referred', () => {
		world = buildWorld();
		const marisol = known('Marisol Quintana', [], null);
		const officer = world.actors.police_officer;
		expect(possibleMatches(world.db, officer, { legalName: 'Marisol Quintana' }).people[0]).toMatchObject({
			status: 'referred',
			mayReferAgain: false
		});
		const exited = changeStatus(world.db, world.actors.case_manager, {
			participantId: marisol.participantId,
			to: 'exited',
			exitReason: 'moved',
			reason: 'Moved to Albuquerque.',
			expectedVersion: marisol.version
		});
		const found = possibleMatches(world.db, officer, { legalName: 'Marisol Quintana' }).people[0];
		expect(found).toMatchObject({ status: 'exited', mayReferAgain: true, version: exited.version });

		const again = createReferral(
			world.db,
			officer,
			{
				...referralInput(),
				person: undefined,
				participantId: found.participantId,
				expectedVersion: found.version
			},
			{ now }
		);
		expect(again.participantId).toBe(marisol.participantId);
		const rows = world.db
			.select()
			.from(participants)
			.where(eq(participants.legalName, 'Marisol Quintana'))
			.all();
		expect(rows.map((r) => [r.id, r.status])).toEqual([[marisol.participantId, 'referred']]);
	});

	it('shows the facilitator, who files community referrals, the same people as the officer', () => {
		world = buildWorld();
		known('Marisol Quintana', [], null);
		expect(
			possibleMatches(world.db, world.actors.facilitator, { legalName: 'Marisol Quintana' })
		).toMatchObject({
			undisclosed: 0,
			people: [{ legalName: 'Marisol Quintana' }]
		});
	});

	it('refuses people who make no referrals, and looks only in their own program', () => {
		world = buildWorld();
		known('Marisol Quintana', [], null);
		expect(() =>
			possibleMatches(world.db, world.actors.evaluator, { legalName: 'Marisol Quintana' })
		).toThrow(expect.objectContaining({ code: 'forbidden' }));
		const elsewhere = { ...world.actors.police_officer, jurisdictionId: 'another-program' };
		expect(possibleMatches(world.db, elsewhere, { legalName: 'Marisol Quintana' }).people).toEqual([]);
	});
});
