/**
 * The new-account form as an administrator fills it in: the agency follows the role until the
 * administrator picks one, and after an account is created the form is back at its defaults.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { launchChromium, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { SignInPage } from './pages/SignInPage';

let board: TestBoard;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
	page = await (await browser.newContext({ viewport: VIEWPORTS.laptop })).newPage();
	await new SignInPage(page, board.origin).signIn('admin@demo.test');
	await page.goto(`${board.origin}/admin/users`);
});
afterAll(async () => {
	await closeBrowser(browser);
	await board?.stop();
});

const form = () => page.getByRole('region', { name: 'New account' });
const role = () => form().getByLabel('Role');
const agency = () => form().getByLabel('Agency');
const chosen = async () => ({
	role: await role().locator('option:checked').textContent(),
	agency: await agency().locator('option:checked').textContent()
});

describe('new account', () => {
	it('starts with a case manager at the case-management agency', async () => {
		expect(await chosen()).toEqual({ role: 'Case manager', agency: 'Harbor Outreach Services' });
	});

	it('moves the agency with the role, by keyboard too, until one is picked', async () => {
		await role().selectOption({ label: 'Police sergeant' });
		expect(await chosen()).toEqual({ role: 'Police sergeant', agency: 'Harbor City Police Department' });

		await role().focus();
		await page.keyboard.press('End'); // Administrator
		expect(await chosen()).toEqual({ role: 'Administrator', agency: 'LEAD Program Office' });

		await agency().selectOption({ label: 'Department of Public Defense' });
		await role().selectOption({ label: 'Prosecutor' });
		expect(await chosen()).toEqual({ role: 'Prosecutor', agency: 'Department of Public Defense' });
	});

	it('creates the account with the pair shown, then starts again from the defaults', async () => {
		await role().selectOption({ label: 'Police officer' });
		await agency().selectOption({ label: 'Harbor City Police Department' });
		await form().getByLabel('Full name').fill('Dana Whitfield');
		await form().getByLabel('Email').fill('dana.whitfield@demo.test');
		await form()
			.getByLabel(/First password/)
			.fill('a-long-first-password');
		await form().getByRole('button', { name: 'Create account' }).click();
		await page.getByRole('status').filter({ hasText: 'Account created for Dana Whitfield' }).waitFor();

		const listed = (label: string) =>
			page.getByLabel(label, { exact: true }).locator('option:checked').textContent();
		await expect.poll(() => listed('Role for Dana Whitfield')).toBe('Police officer');
		expect(await listed('Agency for Dana Whitfield')).toBe('Harbor City Police Department');
		expect(await chosen()).toEqual({ role: 'Case manager', agency: 'Harbor Outreach Services' });

		await role().selectOption({ label: 'Evaluator' });
		expect(await chosen()).toEqual({ role: 'Evaluator', agency: 'University Evaluation Team' });
	});
});
