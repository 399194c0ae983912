import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	AUDIT_ACTIONS,
	GENESIS_HASH,
	actorFields,
	chainHead,
	recordAudit,
	verifyAuditChain,
	type AuditEntryInput
} from '../../src/lib/server/audit';
import { entryHash } from '../../src/lib/server/audit/chain';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { buildWorld, type World } from '../helpers/factories';

let world: World;
beforeEach(() => {
	world = buildWorld({}, null);
});
afterEach(() => world.close());

const at = new Date('2026-03-05T12:00:00.000Z');

function entry(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
	return {
		...actorFields(world.actors.admin),
		sourceAddress: '203.0.113.7',
		action: 'auth.sign_in',
		objectType: 'user',
		objectId: world.actors.admin.userId,
		outcome: 'success',
		detail: { method: 'password' },
		...overrides
	};
}

const rows = () => world.db.select().from(auditEvents).orderBy(asc(auditEvents.id)).all();
const dropTriggers = () =>
	world.sqlite.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');

describe('recording audit entries', () => {
	it('stores exactly one entry per call, with every field and the UTC time in milliseconds', () => {
		const first = recordAudit(world.db, entry(), at);
		expect(first.id).toBe(1);
		expect(rows()).toHaveLength(1);
		const row = rows()[0];
		expect(row).toMatchObject({
			id: 1,
			at: at.getTime(),
			actorUserId: world.actors.admin.userId,
			actorRole: 'admin',
			actorAgencyId: world.actors.admin.agencyId,
			jurisdictionId: world.jurisdiction.id,
			sourceAddress: '203.0.113.7',
			action: 'auth.sign_in',
			objectType: 'user',
			outcome: 'success',
			detail: '{"method":"password"}',
			prevHash: GENESIS_HASH,
			hash: first.hash
		});
		recordAudit(world.db, entry({ action: 'auth.sign_out' }), at);
		expect(rows()).toHaveLength(2);
	});

	it('links each entry to the hash of the one before it, starting from 64 zeros', () => {
		const hashes = [0, 1, 2].map(() => recordAudit(world.db, entry(), at).hash);
		expect(rows().map((r) => r.prevHash)).toEqual([GENESIS_HASH, hashes[0], hashes[1]]);
		expect(new Set(hashes).size).toBe(3);
	});

	it('serialises detail with sorted keys, so the same facts always hash the same way', () => {
		recordAudit(world.db, entry({ detail: { b: 2, a: 'x', c: null, d: true } }), at);
		expect(rows()[0].detail).toBe('{"a":"x","b":2,"c":null,"d":true}');
	});

	it('refuses detail values that are not scalars, and stores nothing', () => {
		const nested = { participant: { name: 'Jane' } } as unknown as AuditEntryInput['detail'];
		expect(() => recordAudit(world.db, entry({ detail: nested }), at)).toThrow(/Audit entry refused/);
		const list = { ids: ['a', 'b'] } as unknown as AuditEntryInput['detail'];
		expect(() => recordAudit(world.db, entry({ detail: list }), at)).toThrow(/Audit entry refused/);
		const proto = JSON.parse('{"__proto__": 1}') as AuditEntryInput['detail'];
		expect(() => recordAudit(world.db, entry({ detail: proto }), at)).toThrow(/Audit entry refused/);
		expect(() => recordAudit(world.db, entry({ detail: { n: Number.NaN } }), at)).toThrow(
			/Audit entry refused/
		);
		expect(rows()).toHaveLength(0);
	});

	it('refuses an action outside the list and an unknown outcome', () => {
		const bad = { ...entry(), action: 'participant.deleted' } as unknown as AuditEntryInput;
		expect(() => recordAudit(world.db, bad, at)).toThrow(/Audit entry refused/);
		const badOutcome = { ...entry(), outcome: 'maybe' } as unknown as AuditEntryInput;
		expect(() => recordAudit(world.db, badOutcome, at)).toThrow(/Audit entry refused/);
		expect(rows()).toHaveLength(0);
	});

	it('accepts every listed action, with no actor when nobody is signed in', () => {
		for (const action of AUDIT_ACTIONS)
			recordAudit(world.db, { ...entry({ action }), ...actorFields(null) }, at);
		expect(rows()).toHaveLength(AUDIT_ACTIONS.length);
		expect(rows().every((r) => r.actorUserId === null && r.actorRole === null)).toBe(true);
	});

	it('commits or rolls back with the transaction it is given', () => {
		expect(() =>
			world.db.transaction((tx) => {
				recordAudit(tx, entry(), at);
				throw new Error('the caller failed after recording');
			})
		).toThrow('the caller failed');
		expect(rows()).toHaveLength(0);
		world.db.transaction((tx) => recordAudit(tx, entry(), at));
		expect(rows()).toHaveLength(1);
	});
});

describe('the append-only table', () => {
	it('refuses UPDATE with the trigger message', () => {
		recordAudit(world.db, entry(), at);
		expect(() => world.sqlite.exec("UPDATE audit_events SET outcome = 'failure'")).toThrow(
			'audit trail is append-only'
		);
		expect(rows()[0].outcome).toBe('success');
	});

	it('refuses DELETE with the trigger message', () => {
		recordAudit(world.db, entry(), at);
		expect(() => world.sqlite.exec('DELETE FROM audit_events')).toThrow('audit trail is append-only');
		expect(() => world.db.delete(auditEvents).run()).toThrow('audit trail is append-only');
		expect(rows()).toHaveLength(1);
	});

	it('refuses a second entry claiming the same predecessor, so the chain cannot fork', () => {
		const first = recordAudit(world.db, entry(), at);
		const fork = { ...rows()[0], id: 99, prevHash: GENESIS_HASH, hash: 'f'.repeat(64) };
		expect(() => world.db.insert(auditEvents).values(fork).run()).toThrow(/UNIQUE/);
		expect(rows().map((r) => r.hash)).toEqual([first.hash]);
	});
});

describe('verifying the chain', () => {
	beforeEach(() => {
		for (let i = 0; i < 5; i++) recordAudit(world.db, entry({ detail: { n: i } }), at);
	});

	it('reports an intact chain and how many entries it holds', () => {
		expect(verifyAuditChain(world.db)).toEqual({ ok: true, entries: 5 });
	});

	it('reports an empty trail as intact with 0 entries', () => {
		const empty = buildWorld({}, null);
		expect(verifyAuditChain(empty.db)).toEqual({ ok: true, entries: 0 });
		empty.close();
	});

	it('names the entry whose content was changed', () => {
		dropTriggers();
		world.sqlite.exec("UPDATE audit_events SET outcome = 'failure' WHERE id = 3");
		const verdict = verifyAuditChain(world.db);
		expect(verdict).toMatchObject({ ok: false, brokenAt: 3 });
		expect(!verdict.ok && verdict.reason).toMatch(/hash does not match its content/);
	});

	it('names the next entry when an entry is rewritten with a recomputed hash', () => {
		dropTriggers();
		const row = rows()[1];
		const forged = { ...row, sourceAddress: '198.51.100.1' };
		world.sqlite
			.prepare('UPDATE audit_events SET source_address = ?, hash = ? WHERE id = ?')
			.run(forged.sourceAddress, entryHash(forged), row.id);
		const verdict = verifyAuditChain(world.db);
		expect(verdict).toMatchObject({ ok: false, brokenAt: 3 });
		expect(!verdict.ok && verdict.reason).toMatch(/prev_hash does not match the hash of entry 2/);
	});

	it('names the entry after a deleted one', () => {
		dropTriggers();
		world.sqlite.exec('DELETE FROM audit_events WHERE id = 2');
		expect(verifyAuditChain(world.db)).toMatchObject({ ok: false, brokenAt: 3 });
	});

	it('names a forged entry inserted with a made-up hash', () => {
		const last = rows()[4];
		const forged = { ...last, id: 6, prevHash: last.hash, hash: 'a'.repeat(64), action: 'auth.sign_out' };
		world.db.insert(auditEvents).values(forged).run();
		const verdict = verifyAuditChain(world.db);
		expect(verdict).toMatchObject({ ok: false, entries: 6, brokenAt: 6 });
	});

	it('names the first entry when it no longer starts from the genesis hash', () => {
		dropTriggers();
		world.sqlite.exec('DELETE FROM audit_events WHERE id = 1');
		const verdict = verifyAuditChain(world.db);
		expect(verdict).toMatchObject({ ok: false, brokenAt: 2 });
		expect(!verdict.ok && verdict.reason).toMatch(/start of the trail/);
	});

	it('walks a trail longer than one read batch', () => {
		for (let i = 0; i < 1200; i++) recordAudit(world.db, entry({ detail: { i } }), at);
		expect(verifyAuditChain(world.db)).toEqual({ ok: true, entries: 1205 });
	});
});

describe('holding the chain to checkpoints of its head', () => {
	beforeEach(() => {
		for (let i = 0; i < 5; i++) recordAudit(world.db, entry({ detail: { n: i } }), at);
	});

	it('accepts a chain that still reaches every checkpoint and has grown since', () => {
		const checkpoint = chainHead(world.db, at);
		expect(checkpoint.entries).toBe(5);
		recordAudit(world.db, entry(), at);
		expect(verifyAuditChain(world.db, [checkpoint])).toEqual({ ok: true, entries: 6 });
	});

	it('reports entries removed from the end, which the chain alone takes for intact', () => {
		const checkpoint = chainHead(world.db, at);
		dropTriggers();
		world.sqlite.exec('DELETE FROM audit_events WHERE id > 3');
		expect(verifyAuditChain(world.db)).toEqual({ ok: true, entries: 3 });
		const verdict = verifyAuditChain(world.db, [checkpoint]);
		expect(verdict).toMatchObject({ ok: false, entries: 3, brokenAt: 4 });
		expect(!verdict.ok && verdict.reason).toMatch(
			/2 entries were removed from its end: a checkpoint taken .* counted 5/
		);
	});

	it('reports an end cut off and written again, so the count is right but the hash is not', () => {
		const checkpoint = chainHead(world.db, at);
		dropTriggers();
		world.sqlite.exec('DELETE FROM audit_events WHERE id > 3');
		recordAudit(world.db, entry({ action: 'auth.sign_out' }), at);
		recordAudit(world.db, entry({ action: 'auth.sign_out' }), at);
		const verdict = verifyAuditChain(world.db, [checkpoint]);
		expect(verdict).toMatchObject({ ok: false, brokenAt: 5 });
		expect(!verdict.ok && verdict.reason).toMatch(/differs from the checkpoint/);
	});
});
