import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestBoard, type TestBoard } from '../helpers/board';

let board: TestBoard;
beforeAll(async () => {
	board = await startTestBoard();
	// A few audited actions on top of the demo seed's writes: sign-ins, an account, a role change.
	await signIn(board, 'officer@demo.test');
	const admin = await signIn(board, 'admin@demo.test');
	const page = await (await fetch(`${board.origin}/admin/users`, { headers: { cookie: admin } })).text();
	const agencyId = /<option value="([0-9a-f-]{36})">Harbor Outreach Services<\/option>/.exec(page)?.[1] ?? '';
	const created = await postForm(board, admin, '/admin/users?/create', {
		name: 'Robin Vale',
		email: 'robin.vale@demo.test',
		password: 'a-sound-password',
		role: 'case_manager',
		agencyId
	});
	const userId = idOf(board.databasePath, 'robin.vale@demo.test');
	expect(created.type).toBe('success');
	expect(
		(
			await postForm(board, admin, '/admin/users?/role', {
				userId,
				role: 'case_manager_supervisor',
				agencyId
			})
		).type
	).toBe('success');
	await fetch(`${board.origin}/admin/audit`, { headers: { cookie: admin } });
	await board.stop({ keepFiles: true });
	// Whatever the board left in the write-ahead log goes into the file before it is copied.
	const file = new Database(board.databasePath);
	file.pragma('wal_checkpoint(TRUNCATE)');
	file.close();
	// A copy as the board left it, for cutting entries off its end (the test below edits the original).
	copyFileSync(board.databasePath, join(board.dir, 'copy.sqlite'));
}, 90_000);
afterAll(() => rmSync(board.dir, { recursive: true, force: true }));

async function postForm(b: TestBoard, cookie: string, path: string, fields: Record<string, string>) {
	const response = await fetch(`${b.origin}${path}`, {
		method: 'POST',
		headers: {
			cookie,
			origin: b.origin,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json'
		},
		body: new URLSearchParams(fields)
	});
	return (await response.json()) as { type: string };
}

/** A user's id, read from the running board's file (WAL lets a reader in beside the server). */
function idOf(path: string, email: string): string {
	const db = new Database(path, { readonly: true });
	const row = db.prepare('SELECT id FROM user WHERE email = ?').get(email) as { id: string } | undefined;
	db.close();
	return row?.id ?? '';
}

function verify(databasePath: string, ...args: string[]) {
	const run = spawnSync('npm', ['run', '--silent', 'audit:verify', '--', ...args], {
		env: { ...process.env, DATABASE_PATH: databasePath },
		encoding: 'utf8',
		timeout: 60_000
	});
	return { code: run.status, out: run.stdout.trim() };
}

const rowsOf = (path: string) => {
	const db = new Database(path, { readonly: true });
	const rows = db.prepare('SELECT id, action FROM audit_events ORDER BY id').all() as {
		id: number;
		action: string;
	}[];
	db.close();
	return rows;
};

describe('npm run audit:verify on a real board file', () => {
	it('says the trail is intact, with its number of entries, and exits 0', () => {
		const rows = rowsOf(board.databasePath);
		const actions = new Set(rows.map((r) => r.action));
		for (const action of ['participant.write', 'account.created', 'account.role_changed', 'audit.viewed'])
			expect(actions, action).toContain(action);
		const result = verify(board.databasePath);
		expect(result.out.split('\n')[0]).toBe(`Audit trail intact: ${rows.length} entries.`);
		expect(result.code).toBe(0);
	});

	it('names the tampered entry and exits 1', () => {
		const rows = rowsOf(board.databasePath);
		const target = rows[Math.floor(rows.length / 2)].id;
		const db = new Database(board.databasePath);
		expect(() => db.prepare("UPDATE audit_events SET outcome = 'denied' WHERE id = ?").run(target)).toThrow(
			'audit trail is append-only'
		);
		db.exec('DROP TRIGGER audit_events_no_update');
		db.prepare("UPDATE audit_events SET outcome = 'denied' WHERE id = ?").run(target);
		db.close();
		const result = verify(board.databasePath);
		expect(result.out).toBe(`Audit trail broken at entry ${target}: its hash does not match its content.`);
		expect(result.code).toBe(1);
	});
});

describe('npm run audit:verify against the checkpoints in the board’s log', () => {
	it('finds entries cut off the end of the chain, which the chain alone cannot show', () => {
		const copy = join(board.dir, 'copy.sqlite');
		const logFile = join(board.dir, 'board.log');
		writeFileSync(logFile, `${board.logs.join('\n')}\n`);
		expect(board.logs.some((line) => line.includes('"event":"audit.checkpoint"'))).toBe(true);
		const before = rowsOf(copy).length;
		const whole = verify(copy, '--log', logFile);
		expect(whole.code, whole.out).toBe(0);

		const db = new Database(copy);
		db.exec('DROP TRIGGER audit_events_no_delete');
		db.prepare('DELETE FROM audit_events WHERE id > ?').run(before - 3);
		db.close();

		const alone = verify(copy);
		expect(alone.out.split('\n')[0]).toBe(`Audit trail intact: ${before - 3} entries.`);
		const anchored = verify(copy, '--log', logFile);
		expect(anchored.out).toMatch(
			new RegExp(
				`^Audit trail broken at entry ${before - 2}: 3 entries were removed from its end: a checkpoint taken \\S+ counted ${before}\\.$`
			)
		);
		expect(anchored.code).toBe(1);
	});
});
