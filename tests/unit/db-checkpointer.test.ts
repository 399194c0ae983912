import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/lib/server/db/checkpointer';
import { openDatabase, WAL_SIZE_LIMIT_BYTES } from '../../src/lib/server/db/index';
import { YjsStore } from '../../src/lib/server/notes/yjs-store';
import { waitFor } from '../helpers/wait';

/** The salt in a write-ahead log's header, which SQLite draws anew each time the log starts over. */
function logStart(walFile: string): string {
	const fd = openSync(walFile, 'r');
	try {
		const header = Buffer.alloc(32);
		readSync(fd, header, 0, 32, 0);
		return header.subarray(16, 24).toString('hex');
	} finally {
		closeSync(fd);
	}
}

describe('checkpoints off the board thread', () => {
	let dir: string;

	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'lead-checkpoint-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('leaves commits in the log and copies them into the database file from the worker', async () => {
		const file = join(dir, 'board.sqlite');
		const database = openDatabase(file);
		try {
			expect(database.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
			const before = statSync(file).size;
			const store = new YjsStore(database.db);
			const update = new Uint8Array(2_000).fill(7);
			for (let i = 0; i < 1_500; i++) store.append('meeting.m1.notes', update); // about 3 MB
			// The board thread never checkpoints, so only the worker can grow the database file.
			const grown = await waitFor(() => statSync(file).size > before + 2_500_000, {
				timeout: 4_000,
				message: 'the database file to hold the logged rows'
			});
			expect(grown).toBe(true);
			const rows = database.sqlite.prepare('select count(*) as n from yjs_updates').get() as { n: number };
			expect(rows.n).toBe(1_500);
		} finally {
			database.close();
		}
		const reopened = new Database(file, { readonly: true });
		expect((reopened.prepare('select count(*) as n from yjs_updates').get() as { n: number }).n).toBe(1_500);
		reopened.close();
	});

	it('gives back the disk a burst of writes took once the log is copied and starts over', async () => {
		const file = join(dir, 'board.sqlite');
		const database = openDatabase(file);
		try {
			const store = new YjsStore(database.db);
			const big = new Uint8Array(200_000).fill(3);
			for (let i = 0; i < 150; i++) store.append('meeting.m1.notes', big); // about 30 MB, back to back
			expect(statSync(`${file}-wal`).size).toBeGreaterThan(WAL_SIZE_LIMIT_BYTES);
			// Ordinary writes, with pauses the worker's checkpoint fits in: the log starts over and its file is cut back.
			const small = new Uint8Array(100).fill(1);
			const cut = await waitFor(
				() => {
					store.append('meeting.m1.notes', small);
					return statSync(`${file}-wal`).size <= WAL_SIZE_LIMIT_BYTES;
				},
				{ timeout: 8_000, interval: 50, message: 'the log file to be cut back' }
			);
			expect(cut).toBe(true);
		} finally {
			database.close();
		}
		const reopened = new Database(file, { readonly: true });
		expect(
			(reopened.prepare('select count(*) as n from yjs_updates').get() as { n: number }).n
		).toBeGreaterThan(150);
		reopened.close();
	});

	it('starts a large log over while steady writes go on, so it stops growing', async () => {
		const file = join(dir, 'board.sqlite');
		const sqlite = new Database(file);
		sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('synchronous = NORMAL');
		sqlite.exec('create table notes (id integer primary key, room text not null, data blob not null)');
		sqlite.exec('create index notes_room on notes (room)');
		const append = sqlite.prepare('insert into notes (room, data) values (?, ?)');
		const checkpointer = startCheckpointer(sqlite, file, undefined, { catchUpBytes: 1_000_000 });
		try {
			// A commit every few milliseconds for four seconds, over 15 MB of log: a checkpoint once
			// a second never finds it all copied, since commits land while it copies.
			const data = new Uint8Array(8_000).fill(5);
			const starts = new Set<string>();
			const until = performance.now() + 4_000;
			let commits = 0;
			while (performance.now() < until) {
				append.run('meeting.m1.notes', data);
				commits += 1;
				starts.add(logStart(`${file}-wal`));
				await new Promise((resolve) => setTimeout(resolve, 4));
			}
			expect(commits).toBeGreaterThan(400);
			// Each time the log starts over, its header gets new salt: it did so again and again.
			expect(starts.size).toBeGreaterThanOrEqual(3);
			expect((sqlite.prepare('select count(*) as n from notes').get() as { n: number }).n).toBe(commits);
		} finally {
			checkpointer.stop();
			sqlite.close();
		}
	});

	it('reports a worker that cannot open the file and hands checkpoints back to the connection', async () => {
		const sqlite = new Database(join(dir, 'board.sqlite'));
		sqlite.pragma('journal_mode = WAL');
		const failures: string[] = [];
		const checkpointer = startCheckpointer(sqlite, join(dir, 'missing', 'board.sqlite'), (code) =>
			failures.push(code)
		);
		try {
			await waitFor(() => sqlite.pragma('wal_autocheckpoint', { simple: true }) === 1_000, {
				message: 'automatic checkpoints to be back on'
			});
			expect(failures.length).toBeGreaterThan(0);
			expect(failures.join(' ')).not.toContain(dir); // codes only, never a path
		} finally {
			checkpointer.stop();
			sqlite.close();
		}
	});
});
