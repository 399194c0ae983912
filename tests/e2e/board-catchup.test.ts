/**
 * A board coming back online while the server refuses its catch-up for now: an officer's laptop
 * loses its signal, a referral is made meanwhile, and by the time the signal returns the officer
 * has spent their allowance of socket events (here on another device). The board says it is being
 * brought up to date, asks again once the server's wait is over, and then shows the new referral.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, signIn, startTestBoard, type TestBoard, type TestSocket } from '../helpers/board';
import { waitFor } from '../helpers/wait';
import { newReferral, openBoard } from '../helpers/board-client';
import { ARTIFACTS, launchChromium, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { AppShell } from './pages/AppShell';
import { BoardPage } from './pages/BoardPage';
import { SignInPage } from './pages/SignInPage';

/** A small allowance in a short window, so that spending it and waiting it out take seconds. */
const LIMIT = 10;
const WINDOW_SECONDS = 12;

let board: TestBoard;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
	board = await startTestBoard({
		SOCKET_EVENT_LIMIT: String(LIMIT),
		SOCKET_EVENT_WINDOW_SECONDS: String(WINDOW_SECONDS)
	});
	browser = await launchChromium();
});
afterAll(async () => {
	await context?.close();
	await closeBrowser(browser);
	await board?.stop();
});

async function officerBoard(): Promise<Page> {
	context = await browser.newContext({ viewport: VIEWPORTS.laptop });
	const page = await context.newPage();
	await new SignInPage(page, board.origin).signIn('officer@demo.test');
	await new BoardPage(page, board.origin).open();
	await new AppShell(page).connection.filter({ hasText: /^\s*Live\s*$/ }).waitFor({ timeout: 15_000 });
	return page;
}

/**
 * Spends what is left of the officer's allowance in this window (the board page's own catch-up
 * when it opened counted too). When less than half the window would be left to wait, waits for
 * the next window (asking once a second, well short of a flood) and spends that one instead.
 */
async function spendAllowance(device: TestSocket): Promise<void> {
	const ask = () => device.timeout(5_000).emitWithAck('presence:list:v1');
	for (let round = 0; round < 2; round++) {
		let refusal: { retryAfterSeconds?: number } | undefined;
		for (let i = 0; i <= LIMIT && !refusal; i++) {
			const reply = await ask();
			if (!reply.ok) refusal = reply;
		}
		expect(refusal).toBeDefined();
		const left = refusal?.retryAfterSeconds ?? 0;
		if (left * 2 >= WINDOW_SECONDS) return;
		await waitFor(async () => (await ask()).ok, {
			timeout: (left + 3) * 1000,
			interval: 1_000,
			message: 'the next window of the allowance'
		});
	}
	throw new Error('could not leave half a window of the allowance to wait');
}

describe('a catch-up refused for now', () => {
	it('is asked again after the wait, with the board saying meanwhile that it is catching up', async () => {
		const page = await officerBoard();
		const shell = new AppShell(page);
		await context.setOffline(true);
		await shell.connection.filter({ hasText: /^\s*Offline\b/ }).waitFor({ timeout: 10_000 });

		const sergeant = await openBoard(board, 'sergeant@demo.test');
		const name = 'Rowan Catchup-Example';
		const made = await sergeant.socket
			.timeout(10_000)
			.emitWithAck('board:mutate:v1', { op: 'referral.create', input: newReferral(name) });
		expect(made.ok).toBe(true);
		sergeant.socket.close();

		// The officer's other device spends the allowance, leaving at least half a window to wait.
		const otherDevice = await connectSocket(board, await signIn(board, 'officer@demo.test'));
		await spendAllowance(otherDevice);
		otherDevice.close();

		await context.setOffline(false);
		const freshness = page.getByTestId('board-freshness');
		await freshness.getByText('Bringing the board up to date').waitFor({ timeout: 10_000 });
		expect(await new BoardPage(page, board.origin).row(name).count()).toBe(0);
		await page.screenshot({ path: `${ARTIFACTS}/board-catching-up-laptop.png` });

		await new BoardPage(page, board.origin).row(name).waitFor({ timeout: 3 * WINDOW_SECONDS * 1000 });
		expect((await freshness.textContent())?.trim()).toBe('');
	});
});
