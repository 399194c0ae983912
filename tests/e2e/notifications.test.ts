/**
 * A case manager between meetings, in Chromium: a police contact on one of their participants is
 * logged elsewhere, the header's count rises while the page is open, and opening the notification
 * takes them to the participant and marks it read. The notifications and settings pages fit a
 * phone, and screenshots at the three screen sizes are kept for review.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, signIn, startTestBoard, type TestBoard, type TestSocket } from '../helpers/board';
import { ARTIFACTS, PHONE, VIEWPORTS, launchChromium, closeBrowser } from '../helpers/browser';
import { readRows } from '../helpers/database';
import { sidewaysScroll, smallTargets } from '../helpers/layout';
import { waitFor } from '../helpers/wait';
import { NotificationsPage } from './pages/NotificationsPage';
import { SignInPage } from './pages/SignInPage';

let board: TestBoard;
let browser: Browser;
let officer: TestSocket;

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
	officer = await connectSocket(board, await signIn(board, 'officer@demo.test'));
});
afterAll(async () => {
	officer?.close();
	await closeBrowser(browser);
	await board?.stop();
});

async function signedIn(email: string, options: Parameters<Browser['newContext']>[0]): Promise<Page> {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	await new SignInPage(page, board.origin).signIn(email);
	return page;
}

/** One of the case manager's own participants, by id and code. */
function caseManagersParticipant(): { id: string; code: string } {
	return readRows<{ id: string; code: string }>(
		board.databasePath,
		`select p.id, p.code from participants p join user u on u.id = p.case_manager_user_id
		 where u.email = 'casemanager@demo.test' and p.status != 'exited' and p.merged_into_id is null
		 order by p.code limit 1`
	)[0];
}

describe('notifications in the browser', () => {
	it('shows a case manager a police contact arrive live, opens it, and marks it read', async () => {
		const page = await signedIn('casemanager@demo.test', { viewport: VIEWPORTS.laptop });
		const notifications = new NotificationsPage(page, board.origin);
		await page
			.getByRole('region', { name: 'Who is here' })
			.getByRole('status')
			.filter({ hasText: /^\s*Live\b/ })
			.waitFor({ timeout: 15_000 });
		const before = await notifications.headerCount();

		const participant = caseManagersParticipant();
		const reply = await officer.emitWithAck('board:mutate:v1', {
			op: 'contact.add',
			input: {
				participantId: participant.id,
				kind: 'police_social_contact',
				occurredAt: new Date(Date.now() - 600_000).toISOString(),
				note: 'Talked by the library; doing well.'
			}
		});
		expect(reply.ok).toBe(true);

		await expect.poll(() => notifications.headerCount(), { timeout: 5_000 }).toBe(before + 1);
		await expect
			.poll(() => page.getByTestId('notification-arrived').textContent())
			.toContain('New notification: New police contact');

		await notifications.headerLink.click();
		await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
		const item = notifications.item(participant.code).filter({ hasText: 'New police contact' });
		expect(await item.getByText('Unread').isVisible()).toBe(true);
		await page.screenshot({ path: `${ARTIFACTS}/notifications-laptop.png`, fullPage: true });
		await item.getByRole('button', { name: /^Open/ }).click();
		await page.waitForURL(`**/participants/${participant.id}`);
		await expect.poll(() => notifications.headerCount()).toBe(before);
		const stored = await waitFor(
			() =>
				readRows<{ read_at: number | null }>(
					board.databasePath,
					"select read_at from notifications where kind = 'police_contact' and participant_id = ?",
					participant.id
				)[0]?.read_at ?? null,
			{ message: 'the notification marked read' }
		);
		expect(stored).toBeGreaterThan(0);
	});

	it('fits the notifications and settings pages on a phone, and looks like the board at every size', async () => {
		const page = await signedIn('casemanager@demo.test', PHONE);
		for (const [path, name] of [
			['/notifications', 'notifications'],
			['/settings', 'settings']
		] as const) {
			await page.goto(`${board.origin}${path}`);
			await page.getByRole('heading', { level: 1 }).waitFor();
			for (const viewport of [VIEWPORTS.phone, VIEWPORTS.narrowPhone]) {
				await page.setViewportSize(viewport);
				expect(await sidewaysScroll(page), `${path} sideways at ${viewport.width}`).toBe(0);
				expect(await smallTargets(page), `${path} small targets at ${viewport.width}`).toEqual([]);
			}
			await page.setViewportSize(VIEWPORTS.phone);
			await page.screenshot({ path: `${ARTIFACTS}/${name}-phone.png`, fullPage: true });
			const wide = await signedIn('casemanager@demo.test', { viewport: VIEWPORTS.projector });
			await wide.goto(`${board.origin}${path}`);
			await wide.getByRole('heading', { level: 1 }).waitFor();
			await wide.screenshot({ path: `${ARTIFACTS}/${name}-projector.png` });
			await wide.setViewportSize(VIEWPORTS.laptop);
			await wide.screenshot({ path: `${ARTIFACTS}/${name}-laptop-page.png`, fullPage: true });
		}
	});

	it('saves a person’s choices on the settings page', async () => {
		const page = await signedIn('defender@demo.test', { viewport: VIEWPORTS.laptop });
		await page.goto(`${board.origin}/settings`);
		const box = page
			.getByRole('row', { name: /Comments on agendas I prepare/ })
			.getByRole('checkbox', { name: 'In the board' });
		expect(await box.isChecked()).toBe(true);
		await box.uncheck();
		await page.getByRole('button', { name: 'Save choices' }).click();
		await page.getByRole('status').filter({ hasText: 'Your choices are saved.' }).waitFor();
		await page.reload();
		expect(await box.isChecked()).toBe(false);
	});
});
