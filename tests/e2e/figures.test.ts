/**
 * A PCG member reviews the program's figures in Chromium: the figures page (charts and tables, a
 * period of their choosing), the figures frozen on the published PCG agenda, and the printed
 * packet as a PDF. The administrator issues a dashboard's token, shown once. Every page passes the
 * accessibility scan, on a laptop and on a phone; screenshots are kept for people to look at.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { ARTIFACTS, launchChromium, PHONE, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { readRows } from '../helpers/database';
import { pdfPages } from '../helpers/pdf';
import { SignInPage } from './pages/SignInPage';

let board: TestBoard;
let browser: Browser;

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
}, 120_000);

afterAll(async () => {
	await closeBrowser(browser);
	await board?.stop();
});

async function signedIn(
	email: string,
	options: Parameters<Browser['newContext']>[0] = { viewport: VIEWPORTS.laptop }
) {
	const page = await (await browser.newContext(options)).newPage();
	await new SignInPage(page, board.origin).signIn(email);
	return page;
}

async function expectAccessible(page: Page): Promise<void> {
	expect(await axeViolations(page)).toEqual([]);
}

/** Every participant code and legal name of the demo: none may reach a PCG member's screen or paper. */
function demoIdentifiers(): string[] {
	return readRows<{ code: string; legal_name: string }>(
		board.databasePath,
		'select code, legal_name from participants'
	).flatMap((r) => [r.code, r.legal_name]);
}

describe('a PCG member reviews the program figures', () => {
	let pcg: Page;

	it('opens the figures from the header: each figure a chart and a table, small numbers protected', async () => {
		pcg = await signedIn('pcg@demo.test');
		await pcg.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Figures' }).click();
		await pcg.getByRole('heading', { name: 'Program figures', level: 1 }).waitFor();
		// Since the last PCG meeting the demo's counts are small; a year has bars to draw.
		await pcg.getByRole('link', { name: 'Last 12 months' }).click();
		await pcg.waitForURL(/from=\d{4}-\d{2}-\d{2}&to=/);
		await pcg.getByRole('heading', { name: 'Referrals by pathway', level: 2 }).waitFor();
		// The chart is drawn (a canvas with pixels) and described; its table follows it.
		const chart = pcg.getByRole('img', { name: /Bar chart of referrals by pathway/ });
		await chart.locator('canvas').waitFor();
		await pcg.waitForFunction(() => {
			const canvas = document.querySelector<HTMLCanvasElement>('[data-figure="referrals_by_pathway"] canvas');
			return Boolean(canvas && canvas.width > 0 && canvas.toDataURL().length > 2_000);
		});
		const table = pcg.getByRole('table', { name: 'Referrals by pathway' });
		await expect(table.getByRole('rowheader', { name: 'Total' }).count()).resolves.toBe(1);
		await expect(pcg.getByTestId('small-numbers').textContent()).resolves.toMatch(/fewer than\s+11/);
		await expectAccessible(pcg);
		await pcg.screenshot({ path: `${ARTIFACTS}/figures-1280.png`, fullPage: false });
		const text = await pcg.locator('main').textContent();
		for (const id of demoIdentifiers()) expect(text).not.toContain(id);
	});

	it('chooses another period, and is told plainly when a period cannot be used', async () => {
		await pcg.getByRole('link', { name: 'Since the last PCG meeting' }).click();
		await pcg
			.getByRole('link', { name: 'Since the last PCG meeting' })
			.and(pcg.locator('[aria-current="true"]'))
			.waitFor();
		// Where every count of a figure is too small, its chart says so rather than draw nothing.
		await pcg.getByText('No chart: every count here is too small to show.').first().waitFor();
		await pcg.getByLabel('From', { exact: true }).fill('2026-03-31');
		await pcg.getByLabel('To', { exact: true }).fill('2026-03-01');
		await pcg.getByRole('button', { name: 'Show figures' }).click();
		const alert = pcg.getByRole('alert').filter({ hasText: 'The period must end on or after its start.' });
		await expect(alert.textContent()).resolves.toContain('Showing the default period instead.');
	});

	it('reviews the figures frozen on the published PCG agenda, and prints the packet', async () => {
		await pcg.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Meetings' }).click();
		await pcg
			.getByRole('link', { name: /Policy Coordinating Group/ })
			.first()
			.click();
		const disclosure = pcg.getByText('The program figures for this item').first();
		await disclosure.click();
		const frozen = pcg.getByTestId('frozen-figures').first();
		await frozen.waitFor();
		await expect(frozen.textContent()).resolves.toMatch(/frozen .* when the agenda was published/);
		await frozen.getByRole('heading', { name: 'Referrals and enrolments by race/ethnicity' }).waitFor();
		await expectAccessible(pcg);

		await pcg.getByRole('link', { name: 'Print the packet' }).click();
		// The meeting page has an "Agenda" heading too: wait for the packet itself.
		await pcg.waitForURL(/\/meetings\/[^/]+\/packet$/);
		await pcg.getByRole('heading', { name: 'Agenda', level: 2 }).waitFor();
		await expectAccessible(pcg);
		await pcg.emulateMedia({ media: 'print' });
		const pdf = await pcg.pdf({ preferCSSPageSize: true, printBackground: true });
		await pcg.emulateMedia({ media: 'screen' });
		const pages = await pdfPages(pdf);
		// Chromium sets "fi" as one glyph, which the PDF's text splits: compare without spaces.
		const all = pages.join('\n').replace(/\s+/g, '');
		expect(pages.length).toBeGreaterThan(1);
		expect(all).toContain('Agenda#ItemKind');
		expect(all).toContain('Referralsbypathway');
		expect(all).toContain('Enrolmentrate(enrolled÷referred)');
		expect(all).toContain('fewerthan11');
		expect(all).not.toContain('Print'); // the toolbar stays off paper
		for (const id of demoIdentifiers()) expect(all).not.toContain(id.replace(/\s+/g, ''));
	});

	it('reads the figures on a phone, where they fit the screen', async () => {
		const phone = await signedIn('pcg@demo.test', PHONE);
		await phone.goto(`${board.origin}/figures`);
		await phone.getByRole('heading', { name: 'Program figures', level: 1 }).waitFor();
		const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await expectAccessible(phone);
		await phone.screenshot({ path: `${ARTIFACTS}/figures-390.png` });
	});
});

describe('figures for people who run the program', () => {
	it('shows a facilitator the officers behind the referrals, on a projector', async () => {
		const facilitator = await signedIn('facilitator@demo.test', { viewport: VIEWPORTS.projector });
		await facilitator.goto(`${board.origin}/figures`);
		const officers = facilitator.getByRole('table', { name: 'Officer concentration' });
		await officers.waitFor();
		await expect(officers.textContent()).resolves.toMatch(
			/Share of referrals made by the top three officers/
		);
		await expect(officers.getByRole('rowheader').count()).resolves.toBeGreaterThan(2);
		await facilitator.screenshot({ path: `${ARTIFACTS}/figures-1920.png` });
		await facilitator.goto(`${board.origin}/figures/print`);
		await facilitator.getByTestId('paper').waitFor();
		await expectAccessible(facilitator);
	});

	it('lets the administrator issue a dashboard token, shown once, and revoke it', async () => {
		const admin = await signedIn('admin@demo.test');
		await admin.goto(`${board.origin}/admin/program`);
		await admin.getByRole('link', { name: 'API tokens' }).click();
		await admin.getByRole('heading', { name: 'API tokens for dashboards', level: 1 }).waitFor();
		await expectAccessible(admin);
		await admin.getByLabel('Who will use it').fill('State LEAD dashboard');
		await admin.getByRole('button', { name: 'Issue token' }).click();
		const token = await admin.getByTestId('new-token').inputValue();
		expect(token).toMatch(/^leadfig_[A-Za-z0-9_-]{43}$/);
		const read = await fetch(`${board.origin}/api/v1/figures`, {
			headers: { authorization: `Bearer ${token}` }
		});
		expect(read.status).toBe(200);
		await expectAccessible(admin);

		await admin.reload();
		await expect(admin.getByTestId('new-token').count()).resolves.toBe(0);
		await admin.getByRole('button', { name: 'Revoke State LEAD dashboard' }).click();
		await admin.getByRole('status').filter({ hasText: 'Token revoked.' }).waitFor();
		const refused = await fetch(`${board.origin}/api/v1/figures`, {
			headers: { authorization: `Bearer ${token}` }
		});
		expect(refused.status).toBe(401);
	});
});
