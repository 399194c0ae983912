import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOTP_ACCOUNT, DEMO_TOTP_SECRET } from '../../src/lib/server/demo/seed';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { ARTIFACTS, launchChromium, VIEWPORTS, closeBrowser } from '../helpers/browser';
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

/** The code an authenticator app holding the seeded secret shows now (better-auth's own TOTP). */
const currentCode = () => createOTP(base32.decode(DEMO_TOTP_SECRET), { digits: 6, period: 30 }).totp();

const path = (page: Page) => new URL(page.url()).pathname;

describe('signing in with an authenticator app', () => {
	it('asks the supervisor for a code, refuses a wrong one plainly, then shows the notice before the board', async () => {
		const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
		const page = await context.newPage();
		const signIn = new SignInPage(page, board.origin);

		await signIn.submitPassword(DEMO_TOTP_ACCOUNT);
		expect(path(page)).toBe('/signin/two-factor');
		await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
		await page.screenshot({ path: `${ARTIFACTS}/sign-in-totp-step.png` });

		const right = await currentCode();
		await signIn.submitCode(right === '000000' ? '111111' : '000000');
		const refusal = page.getByRole('alert');
		await refusal.waitFor({ timeout: 10_000 });
		expect(await refusal.textContent()).toContain('That code did not match');
		expect(path(page)).toBe('/signin/two-factor');
		await page.screenshot({ path: `${ARTIFACTS}/sign-in-totp-wrong-code.png` });

		await signIn.submitCode(await currentCode());
		await page.getByRole('heading', { name: 'Authorized use only' }).waitFor({ timeout: 15_000 });
		expect(path(page)).toBe('/notice');
		expect(await page.getByTestId('me').count()).toBe(0); // nothing of the board before agreeing
		await page.screenshot({ path: `${ARTIFACTS}/system-use-notice.png` });

		await signIn.acknowledgeNotice();
		const me = page.getByTestId('me');
		await me.waitFor({ state: 'visible', timeout: 15_000 });
		expect(await me.textContent()).toContain('Renée Dubois');
		await context.close();
	});

	it('lets an account without an app sign in with its password and the notice alone (demo mode)', async () => {
		const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
		const page = await context.newPage();
		await new SignInPage(page, board.origin).signIn('casemanager@demo.test');
		expect(await page.getByTestId('me').textContent()).toContain('Jordan Ortiz');
		await context.close();
	});
});
