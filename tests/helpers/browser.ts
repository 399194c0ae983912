/**
 * Debian's Chromium driven by playwright-core: no test tool downloads a browser here.
 * Set CHROMIUM_PATH to use another binary.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { within } from './wait';

export const ARTIFACTS = 'test-results';

export async function launchChromium(): Promise<Browser> {
	const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	if (!existsSync(executablePath)) {
		throw new Error(
			`Chromium not found at ${executablePath}: install Debian's chromium package or set CHROMIUM_PATH.`
		);
	}
	mkdirSync(ARTIFACTS, { recursive: true });
	return chromium.launch({
		executablePath,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

/** Closing Chromium takes a few seconds even on a busy machine; far longer is a browser that hangs. */
const CLOSE_TIMEOUT_MS = 30_000;

/**
 * Closes the browser and every context in it, within a bounded time: a Chromium that hangs on
 * close is reported and left, so the file's teardown goes on to stop its board.
 */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
	if (!browser) return;
	if ((await within(browser.close(), CLOSE_TIMEOUT_MS)) === 'hung')
		console.warn(`Chromium did not close within ${CLOSE_TIMEOUT_MS / 1000} s; left to exit with the run`);
}

export const VIEWPORTS = {
	projector: { width: 1920, height: 1080 },
	laptop: { width: 1280, height: 800 },
	/** A common phone (390x844), and the narrowest screen the board is laid out for. */
	phone: { width: 390, height: 844 },
	narrowPhone: { width: 360, height: 740 }
};

/** A browser context that is a phone: its screen, touch, and the mobile viewport rules. */
export const PHONE = { viewport: VIEWPORTS.phone, hasTouch: true, isMobile: true } as const;
