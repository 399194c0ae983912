/**
 * The one command path: every write the board knows is registered once, and `execute` stores,
 * audits and only then announces, or refuses with nothing stored and nothing announced.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execute, isCommandName } from '../../src/lib/server/commands/execute';
import type { BoardEventMap } from '../../src/lib/server/commands/events';
import { COMMANDS } from '../../src/lib/server/commands/registry';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { discussionFlags } from '../../src/lib/server/db/meetings.schema';
import { participantEvents, participantUpdates } from '../../src/lib/server/db/participants.schema';
import { session } from '../../src/lib/server/db/schema';
import { BOARD_OPERATIONS } from '../../src/lib/shared/board-events';
import { buildParticipant, buildWorld, snapshotDatabase, type World } from '../helpers/factories';
import { waitFor } from '../helpers/wait';
import { openDatabase } from '../../src/lib/server/db';
import { KING_COUNTY_RULES } from '../../src/lib/server/participants/rule-sets';
import { addAgendaItem, createMeeting, endMeeting, startMeeting } from '../helpers/commands';
import { participantCardView } from '../../src/lib/server/participants/views';

let world: World;
let events: EventEmitter<BoardEventMap>;
beforeEach(() => {
	world = buildWorld();
	events = new EventEmitter<BoardEventMap>();
});
afterEach(() => world.close());

const deps = () => ({ db: world.db, events });
const now = new Date('2026-03-05T12:00:00.000Z');

describe('the registry', () => {
	it('names every command by the name it answers to', () => {
		for (const [name, command] of Object.entries(COMMANDS)) expect(command.name, name).toBe(name);
	});

	it('knows every change the board form and socket may ask for', () => {
		for (const op of BOARD_OPERATIONS) expect(isCommandName(op), op).toBe(true);
	});

	it('refuses a name it does not know, an inherited property included, and writes nothing', async () => {
		const before = snapshotDatabase(world);
		for (const name of ['participant.delete', '__proto__', 'toString', 'constructor']) {
			await expect(execute(deps(), world.actors.admin, name as never, {}), name).rejects.toMatchObject({
				code: 'invalid_input'
			});
		}
		expect(snapshotDatabase(world)).toEqual(before);
	});
});

describe('execute', () => {
	it('announces a change only once it is stored and audited', async () => {
		const p = buildParticipant(world, { now });
		const seen: { stored: boolean; audited: boolean }[] = [];
		events.on('participant-changed', (change) => {
			const stored = world.db
				.select()
				.from(participantUpdates)
				.where(eq(participantUpdates.participantId, change.participantId))
				.all();
			const audited = world.db
				.select()
				.from(auditEvents)
				.where(
					and(eq(auditEvents.objectId, change.participantId), eq(auditEvents.action, 'participant.write'))
				)
				.all()
				.some((e) => JSON.parse(e.detail).seq === change.seq);
			seen.push({ stored: stored.length === 1, audited });
		});
		const result = await execute(deps(), world.actors.case_manager, 'update.post', {
			participantId: p.participantId,
			body: 'Housing forms in.'
		});
		expect(result.participantId).toBe(p.participantId);
		expect(seen).toEqual([{ stored: true, audited: true }]);
	});

	it('announces nothing for a refused change', async () => {
		const p = buildParticipant(world, { now });
		const heard: string[] = [];
		events.on('participant-changed', (c) => heard.push(c.kind));
		events.on('meeting-changed', (c) => heard.push(c.kind));
		await expect(
			execute(deps(), world.actors.evaluator, 'update.post', { participantId: p.participantId, body: 'x' })
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			execute(deps(), world.actors.case_manager, 'update.post', { participantId: p.participantId })
		).rejects.toMatchObject({ code: 'invalid_input' });
		expect(heard).toEqual([]);
	});

	it('applies a retried change once and answers the retry with the first result', async () => {
		const p = buildParticipant(world, { now });
		const input = { participantId: p.participantId, body: 'Seen at the shelter.' };
		const meta = { idempotencyKey: 'retry-key-0001' };
		const first = await execute(deps(), world.actors.case_manager, 'update.post', input, meta);
		const again = await execute(deps(), world.actors.case_manager, 'update.post', input, meta);
		expect(again).toEqual(first);
		const stored = world.db
			.select()
			.from(participantUpdates)
			.where(eq(participantUpdates.participantId, p.participantId))
			.all();
		expect(stored).toHaveLength(1);
	});
});

describe('beside another process writing to the same database', () => {
	/** A process that commits a row about every millisecond (a backup's audit entry, a command line). */
	const BESIDE = `
		const { workerData, parentPort } = require('node:worker_threads');
		const Database = require('better-sqlite3');
		const db = new Database(workerData.path);
		db.pragma('busy_timeout = 5000');
		const insert = db.prepare('insert into beside_the_board (n) values (?)');
		const stop = new Int32Array(workerData.stop);
		let n = 0;
		while (Atomics.load(stop, 0) === 0) {
			insert.run(n++);
			if (n === 1) parentPort.postMessage('writing');
			Atomics.wait(stop, 0, 0, 1);
		}
		db.close();
		parentPort.postMessage(n);
	`;

	it('stores every change, waiting out the other process’s writes instead of failing on them', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lead-commands-'));
		const opened = openDatabase(join(dir, 'board.sqlite'));
		const fileWorld = buildWorld({}, KING_COUNTY_RULES, opened);
		const stop = new SharedArrayBuffer(4);
		let worker: Worker | undefined;
		try {
			fileWorld.sqlite.exec('create table beside_the_board (n integer)');
			const p = buildParticipant(fileWorld, { now });
			worker = new Worker(BESIDE, { eval: true, workerData: { path: join(dir, 'board.sqlite'), stop } });
			const messages: unknown[] = [];
			worker.on('message', (m) => messages.push(m));
			await waitFor(() => messages.includes('writing'), { message: 'the other process writing' });

			const failures: string[] = [];
			for (let i = 0; i < 200; i++) {
				await execute({ db: fileWorld.db, events }, fileWorld.actors.case_manager, 'update.post', {
					participantId: p.participantId,
					body: `Update ${i}.`
				}).catch((error: unknown) => failures.push(String(error)));
			}
			Atomics.store(new Int32Array(stop), 0, 1);
			await waitFor(() => typeof messages.at(-1) === 'number', { message: 'the other process stopped' });

			expect(failures).toEqual([]);
			expect(messages.at(-1)).toBeGreaterThan(1); // it did write while the commands ran
			const stored = fileWorld.db
				.select()
				.from(participantUpdates)
				.where(eq(participantUpdates.participantId, p.participantId))
				.all();
			expect(stored).toHaveLength(200);
		} finally {
			Atomics.store(new Int32Array(stop), 0, 1);
			await worker?.terminate();
			fileWorld.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('flagging a participant for discussion', () => {
	const flags = () => world.db.select().from(discussionFlags).all();

	it('records the flag on the timeline and announces it to the board and the upcoming workgroup meetings', async () => {
		const p = buildParticipant(world, { now });
		const { meetingId } = createMeeting(
			world.db,
			world.actors.facilitator,
			{ kind: 'operational_workgroup', startsAt: '2026-03-10T17:00:00.000Z', invitedAgencyIds: [] },
			{ now }
		).data;
		const heard: string[] = [];
		events.on('participant-changed', (c) => heard.push(`participant ${c.participantId} ${c.kind}`));
		events.on('meeting-changed', (c) => heard.push(`meeting ${c.meetingId} ${c.kind}`));
		const result = await execute(deps(), world.actors.police_sergeant, 'participant.flag', {
			participantId: p.participantId
		});
		expect(result.created).toBe(true);
		expect(heard).toEqual([
			`participant ${p.participantId} participant.flag`,
			`meeting ${meetingId} discussion.flagged`
		]);
		expect(flags()).toHaveLength(1);
		const timeline = world.db
			.select()
			.from(participantEvents)
			.where(eq(participantEvents.participantId, p.participantId))
			.all();
		expect(timeline.at(-1)).toMatchObject({ kind: 'discussion.flagged', category: 'core' });
		expect(JSON.stringify(timeline.at(-1)?.payload)).toContain('Flagged for discussion by Police.');
	});

	it('shows on the card until a meeting that reviewed the participant ends, which clears it for every board', async () => {
		const p = buildParticipant(world, { now });
		await execute(deps(), world.actors.police_sergeant, 'participant.flag', {
			participantId: p.participantId
		});
		const flagsOf = () => participantCardView(world.db, world.actors.facilitator, p.participantId).flags;
		expect(flagsOf()).toContain('flagged_for_discussion');
		const f = world.actors.facilitator;
		const meeting = createMeeting(world.db, f, {
			kind: 'operational_workgroup',
			startsAt: now.toISOString(),
			invitedAgencyIds: [world.agencyIds.police, world.agencyIds.program]
		}).data;
		const item = addAgendaItem(world.db, f, {
			meetingId: meeting.meetingId,
			expectedVersion: 1,
			title: 'Participant review',
			kind: 'participant_review',
			participantId: p.participantId,
			plannedMinutes: 5
		}).data;
		const started = startMeeting(world.db, f, {
			meetingId: meeting.meetingId,
			expectedVersion: item.version
		});
		const ended = endMeeting(world.db, f, {
			meetingId: meeting.meetingId,
			expectedVersion: started.data.version
		});
		expect(flagsOf()).not.toContain('flagged_for_discussion');
		expect(ended.changes.participants.map((c) => [c.participantId, c.kind])).toEqual([
			[p.participantId, 'discussion.cleared']
		]);
	});

	it('treats a second flag from the same agency as the same flag, writing and announcing nothing', async () => {
		const p = buildParticipant(world, { now });
		await execute(deps(), world.actors.police_sergeant, 'participant.flag', {
			participantId: p.participantId
		});
		const before = snapshotDatabase(world);
		const heard: string[] = [];
		events.on('participant-changed', (c) => heard.push(c.kind));
		const again = await execute(deps(), world.actors.police_officer, 'participant.flag', {
			participantId: p.participantId
		});
		expect(again.created).toBe(false);
		expect(snapshotDatabase(world)).toEqual(before);
		expect(heard).toEqual([]);
	});

	it('audits a refused flag as denied, naming who, what and where, and flags nothing', async () => {
		const p = buildParticipant(world, { now });
		await expect(
			execute(
				deps(),
				world.actors.pcg_member,
				'participant.flag',
				{ participantId: p.participantId },
				{ sourceAddress: '198.51.100.23' }
			)
		).rejects.toMatchObject({ code: 'forbidden' });
		const denied = world.db.select().from(auditEvents).where(eq(auditEvents.outcome, 'denied')).all();
		expect(denied).toHaveLength(1);
		expect(denied[0]).toMatchObject({
			actorUserId: world.actors.pcg_member.userId,
			action: 'meeting.write',
			objectType: 'participant',
			objectId: p.participantId,
			sourceAddress: '198.51.100.23'
		});
		expect(flags()).toEqual([]);
	});
});

describe('account administration', () => {
	it('records the client address of an administrator’s change, and refuses anyone else before reading the input', async () => {
		const target = world.users.case_manager;
		await execute(
			deps(),
			world.actors.admin,
			'account.disable',
			{ userId: target.id },
			{ sourceAddress: '203.0.113.77' }
		);
		const [entry] = world.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'account.disabled'))
			.all();
		expect(entry).toMatchObject({
			actorUserId: world.actors.admin.userId,
			objectId: target.id,
			sourceAddress: '203.0.113.77',
			outcome: 'success'
		});
		await expect(
			execute(deps(), world.actors.facilitator, 'account.enable', { userId: target.id, extra: 'x' })
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('ends the sessions of a disabled account through the announcement', async () => {
		const ended: string[] = [];
		events.on('sessions-ended', (list) => ended.push(...list.map((s) => s.userId)));
		const target = world.users.prosecutor;
		world.db
			.insert(session)
			.values({ token: 'test-session', userId: target.id, expiresAt: new Date(Date.now() + 3_600_000) })
			.run();
		await execute(deps(), world.actors.admin, 'account.disable', { userId: target.id });
		expect(ended).toEqual([target.id]);
	});
});
