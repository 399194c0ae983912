import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { ARTIFACTS, launchChromium, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { AppShell } from './pages/AppShell';
import { SignInPage } from './pages/SignInPage';

let board: TestBoard;
let browser: Browser;
beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
});
afterAll(async () => {
	await closeBrowser(browser);
	await board?.stop();
});

describe('who is here, in two browsers', () => {
	it('shows a sergeant and a case manager to each other, and drops the one who closes the tab', async () => {
		const sergeantContext = await browser.newContext({ viewport: VIEWPORTS.laptop });
		const caseManagerContext = await browser.newContext({ viewport: VIEWPORTS.projector });
		const sergeantPage = await sergeantContext.newPage();
		const caseManagerPage = await caseManagerContext.newPage();

		await new SignInPage(sergeantPage, board.origin).signIn('sergeant@demo.test');
		await new SignInPage(caseManagerPage, board.origin).signIn('casemanager@demo.test');
		const sergeant = new AppShell(sergeantPage);
		const caseManager = new AppShell(caseManagerPage);

		await expectVisible(sergeant.me.filter({ hasText: 'Police sergeant' }));
		await expectVisible(sergeant.person('Jordan Ortiz'));
		await expectVisible(caseManager.person('Maria Keller'));
		expect(await sergeant.person('Jordan Ortiz').textContent()).toContain('Case manager');
		await expectVisible(sergeant.connection.filter({ hasText: 'Live' }));

		await sergeantPage.screenshot({ path: `${ARTIFACTS}/presence-sergeant-laptop.png` });
		await caseManagerPage.screenshot({ path: `${ARTIFACTS}/presence-case-manager-projector.png` });

		await caseManagerContext.close();
		await sergeant.person('Jordan Ortiz').waitFor({ state: 'detached', timeout: 5_000 });
		expect(await sergeant.whoIsHere.textContent()).not.toContain('Jordan Ortiz');
		await sergeantContext.close();
	});

	it('sends a visitor without a session to sign-in, and signs them out on request', async () => {
		const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
		const page = await context.newPage();
		await page.goto(`${board.origin}/`);
		expect(new URL(page.url()).pathname).toBe('/signin');
		await new SignInPage(page, board.origin).signIn('prosecutor@demo.test');
		await page.getByRole('button', { name: 'Sign out' }).click();
		await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
		await page.goto(`${board.origin}/`);
		expect(new URL(page.url()).pathname).toBe('/signin');
		await context.close();
	});
});

async function expectVisible(locator: import('playwright-core').Locator) {
	await locator.first().waitFor({ state: 'visible', timeout: 5_000 });
	expect(await locator.count()).toBeGreaterThan(0);
}
