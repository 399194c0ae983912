/**
 * The board in the field: a case manager on a phone (390x844 and 360 px wide, touch) finds their
 * caseload as cards, reaches a participant's quick actions from the top of the page, and hears
 * what changes while the screen is open. Nothing scrolls sideways; every control is a target.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { ARTIFACTS, PHONE, VIEWPORTS, launchChromium, closeBrowser } from '../helpers/browser';
import { sidewaysScroll, smallTargets } from '../helpers/layout';
import { BoardPage } from './pages/BoardPage';
import { ParticipantPage } from './pages/ParticipantPage';
import { SignInPage } from './pages/SignInPage';

let board: TestBoard;
let browser: Browser;
let phone: Page;

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
	const context = await browser.newContext(PHONE);
	phone = await context.newPage();
	await new SignInPage(phone, board.origin).signIn('casemanager@demo.test');
});
afterAll(async () => {
	await closeBrowser(browser);
	await board?.stop();
});

/** Checks the open page at both phone widths: no sideways scroll, no control under 24 px. */
async function fitsBothPhones(page: Page): Promise<void> {
	try {
		for (const viewport of [VIEWPORTS.phone, VIEWPORTS.narrowPhone]) {
			await page.setViewportSize(viewport);
			expect(await sidewaysScroll(page), `sideways scroll at ${viewport.width} px`).toBe(0);
			expect(await smallTargets(page), `targets under 24 px at ${viewport.width} px`).toEqual([]);
		}
	} finally {
		await page.setViewportSize(VIEWPORTS.phone);
	}
}

describe('the board on a phone', () => {
	it('lists the case manager’s own caseload as cards first, and everyone on request', async () => {
		const boardPage = new BoardPage(phone, board.origin);
		await boardPage.open();
		await expect.poll(() => boardPage.scope('My caseload').isChecked()).toBe(true);
		expect(await phone.getByRole('table').first().isVisible()).toBe(false);

		const mine = boardPage.cardItems;
		const count = await mine.count();
		expect(count).toBeGreaterThan(3);
		for (const text of await mine.allTextContents()) expect(text).toContain('Case manager: Jordan Ortiz');
		// Each card: the code (a link), the status and the clock.
		const first = mine.first();
		expect(await first.getByRole('link').textContent()).toMatch(/KC-\d{4}/);
		expect(await first.textContent()).toMatch(/Assessment: /);
		await phone.screenshot({ path: `${ARTIFACTS}/board-case-manager-phone.png` });

		await boardPage.scope('Everyone').check();
		await expect.poll(() => mine.count()).toBeGreaterThan(count);
		expect((await mine.allTextContents()).some((t) => !t.includes('Jordan Ortiz'))).toBe(true);
		await fitsBothPhones(phone);
	});

	it('keeps the filters one tap away in a compact header', async () => {
		const boardPage = new BoardPage(phone, board.origin);
		await boardPage.open();
		const status = phone.getByLabel('Status', { exact: true });
		expect(await status.isVisible()).toBe(false);
		const filters = phone.getByRole('button', { name: /^Filters/ });
		await filters.tap();
		expect(await filters.getAttribute('aria-expanded')).toBe('true');
		await status.selectOption({ label: 'Referred' });
		await expect.poll(() => filters.textContent()).toContain('(1)');
		for (const text of await boardPage.cardItems.allTextContents()) {
			expect(text).toContain('Referred');
		}
		// Folded again, the filters give the screen back; the header and strip keep under a quarter.
		const firstCard = await boardPage.cardItems.first().boundingBox();
		await filters.tap();
		const firstCardFolded = await boardPage.cardItems.first().boundingBox();
		expect(firstCardFolded!.y).toBeLessThan(firstCard!.y);
		expect(firstCardFolded!.y + firstCardFolded!.height).toBeLessThan(VIEWPORTS.phone.height);
		const strip = (await phone.getByRole('region', { name: 'Who is here' }).boundingBox())!;
		expect(strip.y + strip.height).toBeLessThan(VIEWPORTS.phone.height / 4);
	});

	it('tells a screen reader when someone else changes a card on the open board', async () => {
		const boardPage = new BoardPage(phone, board.origin);
		await boardPage.open();
		await boardPage.scope('Everyone').check();
		const card = boardPage.cardItems.first();
		const code = (await card.getByRole('link').locator('.code').textContent())!.trim();
		const participantId = (await card.getAttribute('data-participant-id'))!;
		await phone
			.getByRole('status')
			.filter({ hasText: /^\s*Live\b/ })
			.waitFor({ timeout: 15_000 });

		const officer = await connectSocket(board, await signIn(board, 'officer@demo.test'));
		try {
			const reply = await officer.emitWithAck('board:mutate:v1', {
				op: 'update.post',
				input: { participantId, body: 'Seen at the Third Avenue drop-in, doing well.' }
			});
			expect(reply.ok).toBe(true);
		} finally {
			officer.close();
		}
		await expect
			.poll(() => boardPage.announcement.textContent(), { timeout: 5_000 })
			.toBe(`${code} updated by Sam Reyes, police.`);
		expect(await boardPage.announcement.getAttribute('role')).toBe('status');
		await card.getByText('Updated by Sam Reyes').waitFor();
	});
});

describe('a participant on a phone', () => {
	it('puts Log a contact, Post an update and Change status on the first screen, above the timeline', async () => {
		const boardPage = new BoardPage(phone, board.origin);
		await boardPage.open();
		await boardPage.scope('My caseload').check();
		await boardPage.cardItems.first().getByRole('link').tap();
		const record = new ParticipantPage(phone);
		await record.timelineHeading.waitFor();

		const timeline = (await record.timelineHeading.boundingBox())!;
		for (const name of ['Log a contact', 'Post an update', 'Change status']) {
			const box = (await record.action(name).boundingBox())!;
			expect(box.y + box.height, `${name} on the first screen`).toBeLessThanOrEqual(VIEWPORTS.phone.height);
			expect(box.y, `${name} above the timeline`).toBeLessThan(timeline.y);
			expect(box.height).toBeGreaterThanOrEqual(44);
		}
		await phone.screenshot({ path: `${ARTIFACTS}/participant-case-manager-phone.png` });

		await record.action('Log a contact').tap();
		await phone.getByLabel('Short note').fill('Met at the library; ID appointment Thursday.');
		await phone.getByRole('button', { name: 'Log contact' }).tap();
		await record.panel('Timeline').getByText('Met at the library; ID appointment Thursday.').waitFor();
		await fitsBothPhones(phone);
	});

	it('says so in one line when the record holds nothing this person may change', async () => {
		const boardPage = new BoardPage(phone, board.origin);
		await boardPage.open();
		await boardPage.scope('Everyone').check();
		await boardPage.card('Case manager: Renée Dubois').first().getByRole('link').tap();
		const record = new ParticipantPage(phone);
		await record.timelineHeading.waitFor();
		const actions = record.panel('Actions');
		await actions.getByText('Nothing on this record for you to change.').waitFor();
		expect(await actions.locator('details, form').count()).toBe(0);
	});
});
