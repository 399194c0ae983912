import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestBoard, type TestBoard } from '../helpers/board';

let board: TestBoard;
let admin: string;
let officer: string;
beforeAll(async () => {
	board = await startTestBoard();
	admin = await signIn(board, 'admin@demo.test');
	officer = await signIn(board, 'officer@demo.test');
}, 60_000);
afterAll(async () => {
	await board.stop();
});

const get = (path: string, cookie: string) => fetch(`${board.origin}${path}`, { headers: { cookie } });

/** Parses the export (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): Record<string, string>[] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted && ch === '"' && text[i + 1] === '"') {
			cell += '"';
			i++;
		} else if (ch === '"') {
			quoted = !quoted;
		} else if (!quoted && ch === ',') {
			row.push(cell);
			cell = '';
		} else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else {
			cell += ch;
		}
	}
	const [header, ...body] = rows;
	return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe('the audit trail screen', () => {
	it('shows an administrator the trail, newest first, with a link in the navigation', async () => {
		const response = await get('/admin/audit', admin);
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain('<h1>Audit trail</h1>');
		const nav = /<nav aria-label="Main"[\s\S]*?<\/nav>/.exec(html)?.[0];
		expect(nav).toMatch(/href="(\.\.)?\/admin\/audit"[^>]*>Audit trail</);
		expect(html).toContain('Participant record changed');
		expect(/Showing 1–100 of \d+ entries/.exec(html)).not.toBeNull();
		const times = [...html.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]);
		expect(times).toHaveLength(100);
		expect([...times].sort().reverse()).toEqual(times);
		for (const label of ['Participant or object id', 'Person', 'Action', 'Outcome', 'From (UTC date)'])
			expect(html).toContain(`>${label}</label>`);
	});

	it('refuses a police officer with 403 and shows no navigation link', async () => {
		expect((await get('/admin/audit', officer)).status).toBe(403);
		expect((await get('/admin/audit/export.csv', officer)).status).toBe(403);
		const home = await (await get('/', officer)).text();
		const nav = /<nav aria-label="Main"[\s\S]*?<\/nav>/.exec(home)?.[0];
		expect(nav).toContain('<a ');
		expect(nav).not.toContain('Audit trail');
	});

	it('explains malformed filters instead of showing entries', async () => {
		const html = await (await get('/admin/audit?from=yesterday&sort=hash', admin)).text();
		expect(html).toContain('Some filters need attention.');
		expect(html).toContain('Enter a date as YYYY-MM-DD');
		expect(html).not.toContain('Showing 1–');
	});
});

describe('the CSV export', () => {
	it('returns the filtered trail as CSV with a safe attachment filename', async () => {
		const response = await get('/admin/audit/export.csv?action=participant.write', admin);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="audit-trail-\d{8}T\d{6}Z\.csv"$/
		);
		const rows = parseCsv(await response.text());
		expect(rows.length).toBeGreaterThan(50);
		expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['participant.write']));
		expect(rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('records every view and export, including the refused ones, in the trail itself', async () => {
		await get('/admin/audit?action=export', admin);
		await get('/admin/audit', officer);
		await get('/admin/audit/export.csv?outcome=denied', admin);
		await get('/admin/audit/export.csv', officer);
		const csv = await (await get('/admin/audit/export.csv', admin)).text();
		const rows = parseCsv(csv).filter((r) => r.action === 'audit.viewed' || r.action === 'audit.exported');
		const seen = rows.map((r) => `${r.action}:${r.role}:${r.outcome}`);
		expect(seen).toEqual(
			expect.arrayContaining([
				'audit.viewed:admin:success',
				'audit.viewed:police_officer:denied',
				'audit.exported:admin:success',
				'audit.exported:police_officer:denied'
			])
		);
		const filtered = rows.find((r) => r.action === 'audit.viewed' && r.detail.includes('"action":"export"'));
		expect(filtered?.source_address).toMatch(/127\.0\.0\.1/);
	});
});
