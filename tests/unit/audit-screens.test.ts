import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	actorFields,
	csvCell,
	exportAuditTrail,
	recordAudit,
	verifyAuditChain,
	viewAuditTrail,
	type AuditEntryInput
} from '../../src/lib/server/audit';
import { auditEvents } from '../../src/lib/server/db/audit.schema';
import { user } from '../../src/lib/server/db/schema';
import { DomainError } from '../../src/lib/server/errors';
import { can, type Actor } from '../../src/lib/server/policy';
import { ROLES } from '../../src/lib/shared/roles';
import { buildWorld, type World } from '../helpers/factories';

let world: World;
beforeEach(() => {
	world = buildWorld({}, null);
});
afterEach(() => world.close());

const day = (iso: string) => new Date(`${iso}T12:00:00.000Z`);
const params = (q: Record<string, string> = {}) => new URLSearchParams(q);
const req = (actor: Actor, q: Record<string, string> = {}) => ({
	actor,
	params: params(q),
	sourceAddress: '203.0.113.5'
});
const entriesFor = (action: string) =>
	world.db
		.select()
		.from(auditEvents)
		.where(eq(auditEvents.action, action))
		.orderBy(asc(auditEvents.id))
		.all();

function seed(actor: Actor, overrides: Partial<AuditEntryInput> = {}, at = day('2026-03-05')) {
	return recordAudit(
		world.db,
		{
			...actorFields(actor),
			sourceAddress: '203.0.113.1',
			action: 'participant.read',
			objectType: 'participant',
			objectId: 'p-1',
			outcome: 'success',
			...overrides
		},
		at
	);
}

function refusal(fn: () => unknown): DomainError {
	try {
		fn();
	} catch (e) {
		if (e instanceof DomainError) return e;
		throw e;
	}
	throw new Error('expected a DomainError');
}

describe('who may read the trail', () => {
	it('lets administrators and facilitators of the jurisdiction view and export, and nobody else', () => {
		const scope = { jurisdictionId: world.jurisdiction.id };
		for (const role of ROLES) {
			const allowed = role === 'admin' || role === 'facilitator';
			expect(can(world.actors[role], 'audit.view', scope), role).toBe(allowed);
			expect(can(world.actors[role], 'audit.export', scope), role).toBe(allowed);
		}
		expect(can(world.actors.admin, 'audit.view', { jurisdictionId: 'another-county' })).toBe(false);
	});

	it('refuses a police officer with forbidden and records the attempt as denied', () => {
		expect(refusal(() => viewAuditTrail(world.db, req(world.actors.police_officer))).code).toBe('forbidden');
		expect(refusal(() => exportAuditTrail(world.db, req(world.actors.police_officer))).code).toBe(
			'forbidden'
		);
		expect(entriesFor('audit.viewed').map((e) => e.outcome)).toEqual(['denied']);
		expect(entriesFor('audit.exported').map((e) => e.outcome)).toEqual(['denied']);
		expect(entriesFor('audit.viewed')[0].actorUserId).toBe(world.actors.police_officer.userId);
	});
});

describe('viewing the trail', () => {
	it('shows newest first and records the view with its filters', () => {
		seed(world.actors.case_manager, {}, day('2026-03-01'));
		seed(world.actors.case_manager, {}, day('2026-03-02'));
		const view = viewAuditTrail(world.db, req(world.actors.admin, { objectId: 'p-1' }));
		expect(view.rows.map((r) => r.at)).toEqual([day('2026-03-02').getTime(), day('2026-03-01').getTime()]);
		expect(view.rows[0].actorName).toBe(world.users.case_manager.name);
		const [viewed] = entriesFor('audit.viewed');
		expect(viewed).toMatchObject({
			actorUserId: world.actors.admin.userId,
			outcome: 'success',
			sourceAddress: '203.0.113.5'
		});
		expect(JSON.parse(viewed.detail)).toMatchObject({ objectId: 'p-1', page: 1, shown: 2 });
	});

	it('filters by object, person, action, outcome and an inclusive UTC date range', () => {
		seed(world.actors.case_manager, { objectId: 'p-1' }, day('2026-03-01'));
		seed(world.actors.police_officer, { objectId: 'p-2' }, day('2026-03-03'));
		seed(
			world.actors.police_officer,
			{ action: 'auth.sign_in_failed', outcome: 'failure' },
			day('2026-03-05')
		);
		const ids = (q: Record<string, string>) =>
			viewAuditTrail(world.db, req(world.actors.facilitator, q)).rows.map((r) => r.objectId + ':' + r.action);
		expect(ids({ objectId: 'p-2' })).toEqual(['p-2:participant.read']);
		expect(ids({ userId: world.actors.case_manager.userId })).toEqual(['p-1:participant.read']);
		expect(ids({ action: 'auth.sign_in_failed' })).toEqual(['p-1:auth.sign_in_failed']);
		expect(ids({ outcome: 'failure' })).toEqual(['p-1:auth.sign_in_failed']);
		expect(ids({ from: '2026-03-02', to: '2026-03-03', action: 'participant.read' })).toEqual([
			'p-2:participant.read'
		]);
	});

	it('hides other jurisdictions but shows entries that belong to none (an unknown account failing to sign in)', () => {
		seed(world.actors.case_manager, { objectId: 'mine' });
		seed(world.actors.case_manager, { objectId: 'theirs', jurisdictionId: 'another-county' });
		seed(world.actors.case_manager, {
			objectId: 'nobody',
			...actorFields(null),
			action: 'auth.sign_in_failed'
		});
		const seen = viewAuditTrail(world.db, req(world.actors.admin, { sort: 'at', dir: 'asc' })).rows.map(
			(r) => r.objectId
		);
		expect(seen).toEqual(['mine', 'nobody']);
	});

	it('pages 100 entries at a time and counts them all', () => {
		for (let i = 0; i < 205; i++) seed(world.actors.case_manager, { objectId: `p-${i}` });
		const first = viewAuditTrail(world.db, req(world.actors.admin, { action: 'participant.read' }));
		expect(first.rows).toHaveLength(100);
		expect(first.total).toBe(205);
		expect(first.rows[0].objectId).toBe('p-204');
		const third = viewAuditTrail(
			world.db,
			req(world.actors.admin, { action: 'participant.read', page: '3' })
		);
		expect(third.rows.map((r) => r.objectId)).toEqual(['p-4', 'p-3', 'p-2', 'p-1', 'p-0']);
	});

	it('sorts only by allow-listed columns and directions', () => {
		seed(world.actors.case_manager, { action: 'participant.write' });
		seed(world.actors.case_manager, { action: 'auth.sign_in' });
		const actions = viewAuditTrail(
			world.db,
			req(world.actors.admin, { sort: 'action', dir: 'asc' })
		).rows.map((r) => r.action);
		expect(actions).toEqual(['auth.sign_in', 'participant.write']);
		const bads: Record<string, string>[] = [
			{ sort: 'hash' },
			{ sort: 'at; DROP TABLE user' },
			{ dir: 'sideways' }
		];
		for (const bad of bads) {
			expect(refusal(() => viewAuditTrail(world.db, req(world.actors.admin, bad))).code).toBe(
				'invalid_input'
			);
		}
	});

	it('refuses malformed filters with a message per field and records nothing', () => {
		const cases: [Record<string, string>, string][] = [
			[{ from: '05/03/2026' }, 'from'],
			[{ from: '2026-03-05', to: '2026-03-01' }, 'to'],
			[{ action: 'participant.delete' }, 'action'],
			[{ outcome: 'maybe' }, 'outcome'],
			[{ objectId: "p-1' OR 1=1" }, 'objectId'],
			[{ page: '0' }, 'page']
		];
		for (const [q, field] of cases) {
			const error = refusal(() => viewAuditTrail(world.db, req(world.actors.admin, q)));
			expect(error.code, JSON.stringify(q)).toBe('invalid_input');
			expect(error.fields?.[field], JSON.stringify(q)).toBeTruthy();
		}
		expect(refusal(() => viewAuditTrail(world.db, req(world.actors.admin, { colour: 'red' }))).code).toBe(
			'invalid_input'
		);
		const repeated = new URLSearchParams([
			['action', 'auth.sign_in'],
			['action', 'auth.sign_out']
		]);
		expect(
			refusal(() =>
				viewAuditTrail(world.db, { actor: world.actors.admin, params: repeated, sourceAddress: null })
			).code
		).toBe('invalid_input');
		expect(entriesFor('audit.viewed')).toHaveLength(0);
	});
});

describe('exporting the trail', () => {
	it('returns every matching entry as CSV with a safe filename and records the export', () => {
		for (let i = 0; i < 150; i++) seed(world.actors.case_manager, { objectId: `p-${i}` });
		const out = exportAuditTrail(world.db, {
			...req(world.actors.admin, { action: 'participant.read' }),
			now: new Date('2026-03-06T09:08:07.123Z')
		});
		expect(out.filename).toBe('audit-trail-20260306T090807Z.csv');
		const lines = out.csv.trimEnd().split('\r\n');
		expect(lines).toHaveLength(151);
		expect(lines[0]).toBe(
			'id,time_utc,user_id,user_name,role,agency_id,jurisdiction_id,source_address,action,object_type,object_id,outcome,detail,prev_hash,hash'
		);
		expect(lines[1]).toContain(',p-149,');
		const [exported] = entriesFor('audit.exported');
		expect(JSON.parse(exported.detail)).toMatchObject({ action: 'participant.read', rows: 150 });
		expect(verifyAuditChain(world.db)).toEqual({ ok: true, entries: 151 });
	});

	it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
		expect(csvCell('plain')).toBe('plain');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
		expect(csvCell('+1')).toBe("'+1");
		expect(csvCell('-2')).toBe("'-2");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\tcmd')).toBe("'\tcmd");
		expect(csvCell(' padded ')).toBe('" padded "');
		expect(csvCell(null)).toBe('');
		expect(csvCell(42)).toBe('42');
	});

	it('defuses a formula planted in a stored value, such as a display name', () => {
		world.db.update(user).set({ name: '=cmd|calc' }).where(eq(user.id, world.users.case_manager.id)).run();
		seed(world.actors.case_manager);
		const out = exportAuditTrail(world.db, req(world.actors.admin, { action: 'participant.read' }));
		expect(out.csv).toContain(",'=cmd|calc,");
		expect(out.csv).not.toMatch(/(^|,)=cmd/m);
	});
});
