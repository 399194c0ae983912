/**
 * The evaluation export built from a program's records: one row per person under the study's
 * pseudonym, coded events as days from the first referral on the program's calendar, nothing
 * that names anyone, k-anonymous quasi-identifiers, neutralised CSV cells; studies opened only by
 * the administrator or the facilitator, downloads only by evaluators, each of them audited.
 */
import { and, eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { evaluationStudies } from '../../src/lib/server/db/evaluation.schema';
import { participants } from '../../src/lib/server/db/participants.schema';
import { DomainError } from '../../src/lib/server/errors';
import { buildEvaluationExport, downloadEvaluationExport } from '../../src/lib/server/evaluation';
import { groupSizes } from '../../src/lib/server/evaluation/k-anonymity';
import { pseudonymOf } from '../../src/lib/server/evaluation/pseudonyms';
import {
	addContact,
	addLegalMatter,
	addPlanGoal,
	changeStatus,
	createStudy,
	mergeParticipants,
	postUpdate,
	setChargingDecision,
	updatePlanGoal
} from '../helpers/commands';
import { seedDemoRosterIn } from '../helpers/demo';
import { buildParticipant, buildWorld, setProgramSettings, type World } from '../helpers/factories';

let world: World;
afterEach(() => world?.close());

const at = (iso: string) => ({ now: new Date(iso) });

/** Every distinctive word planted in Rosalind's record: none may leave in an export. */
const PLANTED = {
	legalName: 'Rosalind Quillfeather',
	alias: 'Roz Canarybird',
	dateOfBirth: '1990-04-02',
	narrative: 'CANARY-NARRATIVE seen near the Quillfeather lot',
	offence: 'CANARY-OFFENCE possession',
	contactNote: 'CANARY-CONTACT-NOTE met at the shelter',
	caseNumber: 'CANARY-CASE-0042',
	court: 'CANARY-COURT Municipal',
	charge: 'CANARY-CHARGE theft',
	decisionNote: 'CANARY-DECISION-NOTE holding while engaged',
	goal: 'CANARY-GOAL studio apartment on 3rd',
	update: 'CANARY-UPDATE came to the office',
	statusReason: 'CANARY-STATUS-REASON finished intake',
	exitReason: 'CANARY-EXIT-REASON moved on well'
};

/**
 * Rosalind's year, in Seattle time: referred at 23:30 on 1 March (07:30 UTC on 2 March), a
 * contact an hour later (the next local day), enrolled on 5 March, a housing goal met on 8 March,
 * a charging decision on 9 March, an update, and an exit on 1 April.
 */
function rosalind() {
	const p = buildParticipant(world, {
		...at('2026-03-02T12:00:00Z'),
		input: {
			person: {
				legalName: PLANTED.legalName,
				aliases: [PLANTED.alias],
				dateOfBirth: PLANTED.dateOfBirth,
				raceEthnicity: 'black',
				gender: 'woman'
			},
			occurredAt: '2026-03-02T07:30:00.000Z',
			neighbourhood: 'Belltown',
			narrative: PLANTED.narrative,
			offence: PLANTED.offence
		}
	});
	const id = p.participantId;
	const a = world.actors;
	addContact(
		world.db,
		a.case_manager,
		{
			participantId: id,
			kind: 'case_management',
			occurredAt: '2026-03-02T08:30:00.000Z',
			note: PLANTED.contactNote
		},
		at('2026-03-02T13:00:00Z')
	);
	const enrolled = changeStatus(
		world.db,
		a.case_manager,
		{ participantId: id, to: 'enrolled', reason: PLANTED.statusReason, expectedVersion: p.version },
		at('2026-03-05T18:00:00Z')
	) as { version: number };
	const goal = addPlanGoal(
		world.db,
		a.case_manager,
		{ participantId: id, domain: 'housing', description: PLANTED.goal, status: 'in_progress' },
		at('2026-03-06T18:00:00Z')
	) as { goalId: string; version: number };
	updatePlanGoal(
		world.db,
		a.case_manager,
		{ participantId: id, goalId: goal.goalId, expectedVersion: goal.version, status: 'met' },
		at('2026-03-08T18:00:00Z')
	);
	const matter = addLegalMatter(
		world.db,
		a.prosecutor,
		{ participantId: id, caseNumber: PLANTED.caseNumber, court: PLANTED.court, charge: PLANTED.charge },
		at('2026-03-09T17:00:00Z')
	) as { legalMatterId: string; version: number };
	setChargingDecision(
		world.db,
		a.prosecutor,
		{
			participantId: id,
			legalMatterId: matter.legalMatterId,
			decision: 'held_pending_engagement',
			note: PLANTED.decisionNote,
			expectedVersion: matter.version
		},
		at('2026-03-09T18:00:00Z')
	);
	postUpdate(
		world.db,
		a.case_manager,
		{ participantId: id, body: PLANTED.update },
		at('2026-03-10T18:00:00Z')
	);
	changeStatus(
		world.db,
		a.case_manager,
		{
			participantId: id,
			to: 'exited',
			exitReason: 'graduated',
			reason: PLANTED.exitReason,
			expectedVersion: enrolled.version
		},
		at('2026-04-01T18:00:00Z')
	);
	return id;
}

function study(name = 'Recidivism after LEAD, 2026') {
	return createStudy(world.db, world.actors.admin, {
		name,
		purpose: 'Compare arrests before and after enrolment for the county evaluation.'
	}) as { id: string };
}

/** The export's files as text. */
function files(zip: Uint8Array): Record<string, string> {
	return Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

/** RFC 4180 rows (the export's cells never hold line breaks). */
function csv(text: string): Record<string, string>[] {
	const cells = (line: string) =>
		[...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] ?? m[2]).replace(/""/g, '"'));
	const [header, ...body] = text.split('\r\n').filter(Boolean).map(cells);
	return body.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
}

function exportOf(studyId: string, now = new Date('2026-06-01T12:00:00Z')) {
	return buildEvaluationExport(world.db, { jurisdictionId: world.jurisdiction.id, studyId, now });
}

describe('what an export holds', () => {
	it('has one row per person with age band, coded columns and days from the first referral', () => {
		world = buildWorld();
		setProgramSettings(world, { smallNumberThreshold: 1 });
		const id = rosalind();
		const { id: studyId } = study();
		const out = exportOf(studyId);
		const f = files(out.zip);
		expect(Object.keys(f).sort()).toEqual([
			'README.txt',
			'data-dictionary.csv',
			'events.csv',
			'participants.csv'
		]);
		const secret = world.db.select().from(evaluationStudies).where(eq(evaluationStudies.id, studyId)).get()!
			.secret;
		const pseudonym = pseudonymOf(secret, id);
		expect(csv(f['participants.csv'])).toEqual([
			{
				pseudonym,
				age_band: '35-44',
				race_ethnicity: 'black',
				gender: 'woman',
				neighbourhood: 'Belltown',
				pathway: 'arrest_diversion',
				status: 'exited',
				exit_reason: 'graduated',
				referral_count: '1',
				days_to_assessment: '4',
				days_to_exit: '31'
			}
		]);
		expect(
			csv(f['events.csv']).map((e) => `${e.pseudonym === pseudonym} ${e.day} ${e.event} ${e.value}`)
		).toEqual([
			'true 0 referral arrest_diversion',
			// 23:30 local, then 00:30 the next local day: one day later although an hour apart.
			'true 1 contact case_management',
			'true 1 status_change referred',
			'true 4 status_change enrolled',
			'true 7 goal_met housing',
			'true 8 charging_decision held_pending_engagement',
			'true 31 status_change exited'
		]);
		expect(out.counts).toMatchObject({ participants: 1, events: 7 });
	});

	it('describes every column of both files in the data dictionary, and the rules in the README', () => {
		world = buildWorld();
		rosalind();
		const f = files(exportOf(study().id).zip);
		const dictionary = csv(f['data-dictionary.csv']);
		for (const file of ['participants.csv', 'events.csv']) {
			const header = f[file].split('\r\n')[0].split(',');
			expect(dictionary.filter((d) => d.file === file).map((d) => d.column)).toEqual(header);
		}
		expect(dictionary.every((d) => d.meaning.length > 20)).toBe(true);
		expect(f['README.txt']).toContain('Study: Recidivism after LEAD, 2026');
		expect(f['README.txt']).toMatch(/at least 11 people/);
	});

	it('carries no name, alias, code, date of birth, record id or free text from any record', () => {
		world = buildWorld();
		seedDemoRosterIn(world, new Date('2026-03-01T12:00:00Z'));
		const id = rosalind();
		const text = Object.values(files(exportOf(study().id).zip)).join('\n');
		const everyone = world.db.select().from(participants).all();
		expect(everyone.length).toBeGreaterThan(50);
		const identifiers = everyone.flatMap((p) => [
			p.id,
			p.code,
			p.legalName,
			...p.aliases.filter((alias) => alias.length >= 5),
			...(p.dateOfBirth ? [p.dateOfBirth, p.dateOfBirth.replaceAll('-', '')] : [])
		]);
		for (const value of [...identifiers, ...Object.values(PLANTED), 'CANARY', 'Quillfeather', id])
			expect(text, value).not.toContain(value);
		// Not even a calendar date: the export counts days.
		expect(text.replace(/Exported on: \d{4}-\d{2}-\d{2}/, '')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
	});

	it('exports a record joined into another as part of that person, never as a second person', () => {
		world = buildWorld();
		setProgramSettings(world, { smallNumberThreshold: 1 });
		const kept = rosalind();
		const second = buildParticipant(world, {
			...at('2026-04-10T12:00:00Z'),
			assign: false,
			input: { person: { legalName: 'Rosalind Quilfeather' }, occurredAt: '2026-04-10T10:00:00.000Z' }
		});
		addContact(
			world.db,
			world.actors.police_officer,
			{
				participantId: second.participantId,
				kind: 'police_social_contact',
				occurredAt: '2026-04-11T18:00:00.000Z',
				note: 'Seen at the park.'
			},
			at('2026-04-11T19:00:00Z')
		);
		const code = world.db.select().from(participants).where(eq(participants.id, second.participantId)).get()!
			.code;
		const current = world.db.select().from(participants).where(eq(participants.id, kept)).get()!;
		mergeParticipants(
			world.db,
			world.actors.facilitator,
			{ participantId: kept, expectedVersion: current.version, duplicateCode: code, reason: 'Same person.' },
			at('2026-04-12T12:00:00Z')
		);
		const f = files(exportOf(study().id).zip);
		const [row] = csv(f['participants.csv']);
		expect(csv(f['participants.csv'])).toHaveLength(1);
		expect(row.referral_count).toBe('2');
		const events = csv(f['events.csv']);
		expect(new Set(events.map((e) => e.pseudonym))).toEqual(new Set([row.pseudonym]));
		expect(events.map((e) => `${e.day} ${e.event} ${e.value}`)).toEqual(
			expect.arrayContaining(['40 referral arrest_diversion', '41 contact police_social_contact'])
		);
	});

	it('keeps a person’s pseudonym across exports of one study, and gives another study other pseudonyms', () => {
		world = buildWorld();
		setProgramSettings(world, { smallNumberThreshold: 1 });
		rosalind();
		buildParticipant(world, { input: { person: { legalName: 'Second Person' } } });
		const first = study('First study');
		const second = study('Second study');
		const pseudonyms = (studyId: string, now?: Date) =>
			csv(files(exportOf(studyId, now).zip)['participants.csv'])
				.map((r) => r.pseudonym)
				.sort();
		const a = pseudonyms(first.id);
		expect(a).toHaveLength(2);
		expect(pseudonyms(first.id, new Date('2026-09-01T12:00:00Z'))).toEqual(a);
		const b = pseudonyms(second.id);
		expect(b).toHaveLength(2);
		expect(b.filter((p) => a.includes(p))).toEqual([]);
	});

	it('writes a neighbourhood a spreadsheet would run as a formula as text', () => {
		world = buildWorld();
		setProgramSettings(world, { smallNumberThreshold: 1 });
		const typed = ['=HYPERLINK("http://evil.test","x")', '+1 Ave', '-Dash Park', '@home'];
		typed.forEach((neighbourhood, i) =>
			buildParticipant(world, { input: { person: { legalName: `Person ${i} Example` }, neighbourhood } })
		);
		const f = files(exportOf(study().id).zip);
		const cells = csv(f['participants.csv'])
			.map((r) => r.neighbourhood)
			.sort();
		expect(cells).toEqual(typed.map((t) => `'${t}`).sort());
		expect(f['participants.csv']).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
	});
});

describe('k-anonymity in the export', () => {
	it('leaves no combination of age band, race/ethnicity, gender and neighbourhood shared by fewer than k', () => {
		world = buildWorld();
		seedDemoRosterIn(world, new Date('2026-03-01T12:00:00Z'));
		for (const k of [11, 5]) {
			setProgramSettings(world, { smallNumberThreshold: k });
			const out = exportOf(study(`Study with k ${k}`).id);
			const rows = csv(files(out.zip)['participants.csv']).map((r) => ({
				ageBand: r.age_band,
				raceEthnicity: r.race_ethnicity,
				gender: r.gender,
				neighbourhood: r.neighbourhood
			}));
			const standing = world.db
				.select()
				.from(participants)
				.all()
				.filter((p) => !p.mergedIntoId).length;
			expect(rows).toHaveLength(standing);
			expect(Math.min(...groupSizes(rows).values()), `k = ${k}`).toBeGreaterThanOrEqual(k);
			expect(out.counts.protection.k).toBe(k);
			expect(out.counts.protection.changed.neighbourhood).toBeGreaterThan(0);
		}
	});

	it('exports nobody when the program has fewer people than k', () => {
		world = buildWorld();
		rosalind();
		const out = exportOf(study().id);
		const f = files(out.zip);
		expect(csv(f['participants.csv'])).toEqual([]);
		expect(csv(f['events.csv'])).toEqual([]);
		expect(out.counts).toMatchObject({ participants: 0, events: 0, protection: { withheld: 1 } });
	});
});

describe('studies and downloads', () => {
	const entries = (action: string) =>
		world.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, action), eq(auditEvents.jurisdictionId, world.jurisdiction.id)))
			.all();

	it('lets the administrator and the facilitator open a study with a secret nobody sees', () => {
		world = buildWorld();
		const made = createStudy(world.db, world.actors.facilitator, {
			name: '  Housing outcomes ',
			purpose: 'Housing obtained within a year of enrolment.'
		});
		expect(made).toEqual({
			id: expect.any(String),
			name: 'Housing outcomes',
			purpose: 'Housing obtained within a year of enrolment.',
			createdAt: expect.any(String),
			createdByName: world.actors.facilitator.name
		});
		const stored = world.db.select().from(evaluationStudies).get()!;
		expect(stored.secret).toHaveLength(32);
		const [entry] = entries('evaluation.study_created');
		expect(entry).toMatchObject({
			outcome: 'success',
			objectId: stored.id,
			actorUserId: world.users.facilitator.id
		});
		expect(entry.detail).not.toContain(stored.secret.toString('hex'));
		expect(() =>
			createStudy(world.db, world.actors.admin, {
				name: 'housing OUTCOMES',
				purpose: 'The same study again, by name.'
			})
		).toThrow(/already has that name/);
	});

	it('refuses a study to anyone else, recording the refusal, and refuses a study without a purpose', () => {
		world = buildWorld();
		for (const role of ['evaluator', 'pcg_member', 'police_officer'] as const) {
			expect(() =>
				createStudy(world.db, world.actors[role], { name: 'A study', purpose: 'What the study is for.' })
			).toThrow(DomainError);
		}
		expect(entries('evaluation.study_created').map((e) => `${e.actorRole} ${e.outcome}`)).toEqual([
			'evaluator denied',
			'pcg_member denied',
			'police_officer denied'
		]);
		expect(() => createStudy(world.db, world.actors.admin, { name: 'A study', purpose: '' })).toThrow(
			/Some fields need attention/
		);
		expect(world.db.select().from(evaluationStudies).all()).toEqual([]);
	});

	it('hands an evaluator the export and records it with its study and row counts', () => {
		world = buildWorld();
		setProgramSettings(world, { smallNumberThreshold: 1 });
		rosalind();
		const { id: studyId } = study();
		const out = downloadEvaluationExport(world.db, {
			actor: world.actors.evaluator,
			studyId,
			sourceAddress: '127.0.0.1',
			now: new Date('2026-06-01T12:00:00Z')
		});
		expect(out.filename).toBe('evaluation-recidivism-after-lead-2026-20260601.zip');
		const [entry] = entries('evaluation.exported');
		expect(entry).toMatchObject({
			outcome: 'success',
			objectType: 'evaluation_study',
			objectId: studyId,
			actorRole: 'evaluator',
			sourceAddress: '127.0.0.1'
		});
		expect(JSON.parse(entry.detail)).toMatchObject({ participants: 1, events: 7, k: 1, withheld: 0 });
	});

	it('refuses everyone but evaluators (recorded as denied), and a study of nothing or of another program', () => {
		world = buildWorld();
		const { id: studyId } = study();
		for (const role of ['admin', 'facilitator', 'pcg_member', 'case_manager'] as const) {
			const refused = () =>
				downloadEvaluationExport(world.db, { actor: world.actors[role], studyId, sourceAddress: null });
			expect(refused).toThrow(expect.objectContaining({ code: 'forbidden' }));
		}
		// Asked for no study, or for something that is no study id, the refusal is the same.
		for (const asked of ['', '   ', 'x'.repeat(65)]) {
			expect(() =>
				downloadEvaluationExport(world.db, {
					actor: world.actors.pcg_member,
					studyId: asked,
					sourceAddress: null
				})
			).toThrow(expect.objectContaining({ code: 'forbidden' }));
		}
		expect(entries('evaluation.exported').map((e) => `${e.actorRole} ${e.outcome} ${e.objectId}`)).toEqual([
			...['admin', 'facilitator', 'pcg_member', 'case_manager'].map((r) => `${r} denied ${studyId}`),
			'pcg_member denied null',
			'pcg_member denied null',
			'pcg_member denied null'
		]);
		const evaluator = world.actors.evaluator;
		expect(() =>
			downloadEvaluationExport(world.db, { actor: evaluator, studyId: '', sourceAddress: null })
		).toThrow(expect.objectContaining({ code: 'invalid_input' }));
		expect(() =>
			downloadEvaluationExport(world.db, { actor: evaluator, studyId: 'no-such-study', sourceAddress: null })
		).toThrow(expect.objectContaining({ code: 'not_found' }));
	});
});
