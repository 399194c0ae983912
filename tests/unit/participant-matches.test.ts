/**
 * Looking for a returning person before a referral: close spellings of a name or an alias, or the
 * same birth date with a name in common, find them; an exited person is offered to refer again on
 * the same record; other programs' people are never found; each search is audited with counts only.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { DomainError } from '../../src/lib/server/errors';
import { changeStatus, createReferral } from '../helpers/commands';
import { closeNames, findMatches } from '../../src/lib/server/participants/matches';
import { buildParticipant, buildWorld, referralInput, type World } from '../helpers/factories';

let world: World;
afterEach(() => world?.close());

const person = (legalName: string, aliases: string[] = [], dateOfBirth = '1984-06-02') => ({
	input: { person: { legalName, aliases, dateOfBirth, raceEthnicity: 'white', gender: 'woman' } }
});

describe('close names', () => {
	it.each([
		['Maria Archuleta', 'maria archuleta', true],
		['Maria Archuleta', 'Marya Archuletta', true],
		['Archuleta, Maria', 'Maria Archuleta', true],
		['José Baca', 'Jose Baca', true],
		['Ana Baca', 'Ben Baca', false],
		['Maria Archuleta', 'Mario Chavez', false]
	])('%s and %s: %s', (a, b, close) => {
		expect(closeNames(a, b)).toBe(close);
	});
});

describe('finding a returning person', () => {
	it('finds a person by a close spelling of the name or of an alias, and nobody else', () => {
		world = buildWorld();
		const maria = buildParticipant(world, person('Maria Archuleta', ['Mari Baca']));
		buildParticipant(world, person('Eli Duran', [], '1970-01-01'));
		const officer = world.actors.police_officer;
		const byName = findMatches(world.db, officer, { name: 'Marya Archuletta' });
		expect(byName.matches.map((m) => m.participantId)).toEqual([maria.participantId]);
		expect(findMatches(world.db, officer, { name: 'Mari Vaca' }).matches).toHaveLength(1);
		expect(findMatches(world.db, officer, { name: 'Ana Lopez' })).toEqual({ matches: [], hidden: 0 });
	});

	it('finds the same birth date with a first or last name in common', () => {
		world = buildWorld();
		buildParticipant(world, person('Maria Archuleta'));
		const officer = world.actors.police_officer;
		expect(
			findMatches(world.db, officer, { name: 'Maria Lopez', dateOfBirth: '1984-06-02' }).matches
		).toHaveLength(1);
		expect(
			findMatches(world.db, officer, { name: 'Maria Lopez', dateOfBirth: '1990-01-01' }).matches
		).toHaveLength(0);
	});

	it('offers to refer an exited person again, and that referral keeps the one record', () => {
		world = buildWorld();
		const now = new Date('2026-03-10T12:00:00.000Z');
		const first = buildParticipant(world, person('Maria Archuleta'));
		const officer = world.actors.police_officer;
		expect(findMatches(world.db, officer, { name: 'Maria Archuleta' }).matches[0].mayReferAgain).toBe(false);
		const found = findMatches(world.db, officer, { name: 'Maria Archuleta' }).matches[0];
		changeStatus(
			world.db,
			world.actors.case_manager,
			{
				participantId: first.participantId,
				to: 'exited',
				exitReason: 'moved',
				reason: 'Moved to Taos.',
				expectedVersion: found.version
			},
			{ now }
		);
		const again = findMatches(world.db, officer, { name: 'Maria Archuleta' }).matches[0];
		expect(again).toMatchObject({
			participantId: first.participantId,
			status: 'exited',
			mayReferAgain: true
		});
		const referred = createReferral(
			world.db,
			officer,
			referralInput({
				person: undefined,
				participantId: again.participantId,
				expectedVersion: again.version
			}),
			{ now }
		);
		expect(referred.participantId).toBe(first.participantId);
		expect(findMatches(world.db, officer, { name: 'Maria Archuleta' }).matches).toHaveLength(1);
	});

	it("never finds another program's people", () => {
		world = buildWorld();
		buildParticipant(world, person('Maria Archuleta'));
		const other = buildWorld({ name: 'Elsewhere' }, undefined);
		try {
			expect(findMatches(other.db, other.actors.police_officer, { name: 'Maria Archuleta' }).matches).toEqual(
				[]
			);
		} finally {
			other.close();
		}
	});

	it('is refused to a role that makes no referrals', () => {
		world = buildWorld();
		expect(() => findMatches(world.db, world.actors.evaluator, { name: 'Maria Archuleta' })).toThrow(
			DomainError
		);
	});

	it('audits each search with its counts, never the name searched for', () => {
		world = buildWorld();
		buildParticipant(world, person('Maria Archuleta'));
		findMatches(world.db, world.actors.police_officer, { name: 'Maria Archuleta' });
		const [entry] = world.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'participant.searched'))
			.all();
		expect(entry.actorUserId).toBe(world.users.police_officer.id);
		expect(JSON.stringify(entry)).not.toContain('Archuleta');
	});
});
