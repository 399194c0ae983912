/**
 * A session the board ends while a page is open: the page shows why and how to sign in again,
 * and nothing the person could see a moment ago (the participant's record) stays on the screen.
 */
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAction, signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { launchChromium, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { BoardPage } from './pages/BoardPage';
import { ParticipantPage } from './pages/ParticipantPage';
import { SignInPage } from './pages/SignInPage';

let board: TestBoard;
let browser: Browser;
let admin: string;

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
	admin = await signIn(board, 'admin@demo.test');
});
afterAll(async () => {
	await closeBrowser(browser);
	await board?.stop();
});

function account(email: string): { id: string; agencyId: string } {
	const db = new Database(board.databasePath, { readonly: true });
	try {
		return db.prepare('select id, agency_id as agencyId from user where email = ?').get(email) as {
			id: string;
			agencyId: string;
		};
	} finally {
		db.close();
	}
}

/** Signs in in a fresh browser and opens the first participant on the board. */
async function onParticipantPage(email: string): Promise<{ page: Page; record: ParticipantPage }> {
	const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
	const page = await context.newPage();
	await new SignInPage(page, board.origin).signIn(email);
	const boardPage = new BoardPage(page, board.origin);
	await boardPage.open();
	await page.getByRole('row').nth(1).getByRole('link').first().click();
	await page.getByRole('heading', { name: 'Timeline' }).waitFor();
	const record = new ParticipantPage(page);
	await record.summary.waitFor();
	return { page, record };
}

async function expectClearedAfterSignOut(page: Page, record: ParticipantPage): Promise<void> {
	await page.getByRole('alert').filter({ hasText: 'Sign in again' }).waitFor({ timeout: 10_000 });
	expect(await record.summary.count()).toBe(0);
	expect(await page.getByRole('heading', { name: 'Timeline' }).count()).toBe(0);
	expect(await page.locator('main').count()).toBe(0);
}

describe('a session the board ends', () => {
	it('clears the participant record from the page of someone an administrator disables', async () => {
		const { page, record } = await onParticipantPage('casemanager@demo.test');
		const reply = await postAction(board, admin, '/admin/users?/disable', {
			userId: account('casemanager@demo.test').id
		});
		expect(reply.type).toBe('success');
		await expectClearedAfterSignOut(page, record);
		await page.context().close();
	});

	it('clears the participant record from the page of someone whose role changes', async () => {
		const { page, record } = await onParticipantPage('sergeant@demo.test');
		const sergeant = account('sergeant@demo.test');
		const reply = await postAction(board, admin, '/admin/users?/role', {
			userId: sergeant.id,
			role: 'police_officer',
			agencyId: sergeant.agencyId
		});
		expect(reply.type).toBe('success');
		await expectClearedAfterSignOut(page, record);
		await page.context().close();
	});
});
