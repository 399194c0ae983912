import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eq, like, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/lib/server/audit';
import { lastMeetingAt } from '../../src/lib/server/board/since';
import { openDatabase } from '../../src/lib/server/db/index';
import { prepared } from '../../src/lib/server/db/prepared';
import { inSnapshot, inWrite } from '../../src/lib/server/db/write';
import { auditEvents, participants } from '../../src/lib/server/db/schema';
import { nextCode } from '../../src/lib/server/participants/referrals';
import { buildJurisdiction, buildParticipant, buildWorld, type World } from '../helpers/factories';
import { createMeeting } from '../helpers/commands';

const DAY = 86_400_000;
const NOW = new Date('2026-11-20T17:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

let w: World;
beforeEach(() => {
	w = buildWorld();
});
afterEach(() => w.close());

describe('statements prepared once', () => {
	it('refuses a statement whose bound LIMIT or LIKE pattern SQLite would plan again on every run', () => {
		const newestByLimit = prepared((db) =>
			db.select({ id: auditEvents.id }).from(auditEvents).limit(1).prepare()
		);
		const codesLike = prepared((db) =>
			db
				.select({ id: participants.id })
				.from(participants)
				.where(like(participants.code, sql.placeholder('pattern')))
				.prepare()
		);
		expect(() => newestByLimit(w.db)).toThrow(/LIMIT or LIKE/);
		expect(() => codesLike(w.db)).toThrow(/LIMIT or LIKE/);
		const byId = prepared((db) =>
			db
				.select({ id: participants.id })
				.from(participants)
				.where(eq(participants.id, sql.placeholder('id')))
				.prepare()
		);
		expect(byId(w.db)).toBe(byId(w.db));
	});

	it('chains each audit entry to the newest one before it', () => {
		const entry = (objectId: string) => ({
			actorUserId: w.actors.facilitator.userId,
			actorRole: w.actors.facilitator.role,
			actorAgencyId: w.actors.facilitator.agencyId,
			jurisdictionId: w.jurisdiction.id,
			sourceAddress: null,
			action: 'participant.read' as const,
			objectType: 'participant',
			objectId,
			outcome: 'success' as const
		});
		const first = recordAudit(w.db, entry('p-1'));
		const second = recordAudit(w.db, entry('p-2'));
		const third = recordAudit(w.db, entry('p-3'));
		expect([second.id, third.id]).toEqual([first.id + 1, first.id + 2]);
		const rows = w.db.select().from(auditEvents).where(eq(auditEvents.id, third.id)).all();
		expect(rows[0].prevHash).toBe(second.hash);
	});

	it("dates 'new since' from the latest workgroup meeting of this jurisdiction that has begun", () => {
		const invited = [w.agencyIds.police, w.agencyIds.case_management, w.agencyIds.program];
		const meeting = (
			startsAt: Date,
			kind: 'operational_workgroup' | 'policy_group' = 'operational_workgroup'
		) =>
			createMeeting(
				w.db,
				w.actors.facilitator,
				{ kind, startsAt: startsAt.toISOString(), invitedAgencyIds: invited },
				{ now: daysAgo(30) }
			);
		expect(lastMeetingAt(w.db, w.jurisdiction.id, NOW).getTime()).toBe(daysAgo(14).getTime());
		meeting(daysAgo(21));
		meeting(daysAgo(7));
		meeting(daysAgo(2), 'policy_group');
		meeting(new Date(NOW.getTime() + DAY));
		expect(lastMeetingAt(w.db, w.jurisdiction.id, NOW).getTime()).toBe(daysAgo(7).getTime());
		const other = buildJurisdiction(w.db, { name: 'Santa Fe' });
		expect(lastMeetingAt(w.db, other.jurisdiction.id, NOW).getTime()).toBe(daysAgo(14).getTime());
	});

	it("numbers a new participant after the highest code with the jurisdiction's prefix", () => {
		expect(nextCode(w.db, w.jurisdiction.id, 'KC')).toBe('KC-0101');
		for (const code of ['KC-0107', 'KCX-0900', 'SF-0300']) {
			const { participantId } = buildParticipant(w, { assign: false });
			w.db.update(participants).set({ code }).where(eq(participants.id, participantId)).run();
		}
		expect(nextCode(w.db, w.jurisdiction.id, 'KC')).toBe('KC-0108');
		expect(nextCode(w.db, w.jurisdiction.id, 'SF')).toBe('SF-0301');
		const other = buildJurisdiction(w.db, { name: 'Santa Fe' });
		expect(nextCode(w.db, other.jurisdiction.id, 'KC')).toBe('KC-0101');
	});
});

describe('reads in one snapshot', () => {
	it('sees one moment of the database throughout, and the next moment after', () => {
		const dir = mkdtempSync(join(tmpdir(), 'lead-snapshot-'));
		const file = join(dir, 'board.sqlite');
		const board = openDatabase(file);
		const other = new Database(file);
		try {
			board.sqlite.exec('create table tally (n integer)');
			board.sqlite.exec('insert into tally values (1)');
			const count = () => (board.sqlite.prepare('select count(*) as n from tally').get() as { n: number }).n;
			const seen = inSnapshot(board.db, () => {
				const first = count();
				// Another process (a command line, a second board) writes between the two reads.
				other.exec('insert into tally values (2)');
				return [first, count()];
			});
			expect(seen).toEqual([1, 1]);
			expect(count()).toBe(2);
			expect(board.sqlite.inTransaction).toBe(false);
		} finally {
			other.close();
			board.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('a write transaction without a drizzle transaction object', () => {
	const tally = (db: World['db']) => {
		const sqlite = db.$client;
		return {
			add: (n: number) => sqlite.prepare('insert into tally values (?)').run(n),
			all: () => (sqlite.prepare('select n from tally order by n').all() as { n: number }[]).map((r) => r.n)
		};
	};

	it('stores everything or nothing, and nests as a savepoint inside an open transaction', () => {
		w.db.$client.exec('create table tally (n integer)');
		const t = tally(w.db);
		expect(() =>
			inWrite(w.db, () => {
				t.add(1);
				expect(w.db.$client.inTransaction).toBe(true);
				throw new Error('refused halfway');
			})
		).toThrow('refused halfway');
		expect(t.all()).toEqual([]);
		inWrite(w.db, () => {
			t.add(2);
			try {
				inWrite(w.db, () => {
					t.add(3);
					throw new Error('inner refused');
				});
			} catch {
				// The outer write goes on without the inner one.
			}
			t.add(4);
		});
		expect(t.all()).toEqual([2, 4]);
		expect(w.db.$client.inTransaction).toBe(false);
	});
});
