import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { ARTIFACTS, launchChromium, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { MeetingLivePage } from './pages/MeetingLivePage';
import { MeetingMinutesPage } from './pages/MeetingMinutesPage';
import { MeetingPage } from './pages/MeetingPage';
import { MeetingRoomPage } from './pages/MeetingRoomPage';
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

async function signedIn(email: string, viewport = VIEWPORTS.laptop): Promise<Page> {
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	await new SignInPage(page, board.origin).signIn(email);
	return page;
}

describe('a workgroup meeting from agenda to approved minutes', () => {
	it('builds the agenda from the roster, is followed live, shows less on the room screen for a PCG member, and ends in printable minutes', async () => {
		// The facilitator builds the agenda from the roster, reorders it by keyboard, publishes and starts.
		const facilitatorPage = await signedIn('facilitator@demo.test');
		const meeting = new MeetingPage(facilitatorPage, board.origin);
		const meetingId = await meeting.openFromList('Operational workgroup');
		const count = await meeting.buildFromRoster();
		expect(count).toBeGreaterThan(3);
		const before = await meeting.itemIds();
		await meeting.moveDown(0);
		expect((await meeting.itemIds()).slice(0, 2)).toEqual([before[1], before[0]]);
		await facilitatorPage.screenshot({ path: `${ARTIFACTS}/meetings-agenda-laptop.png`, fullPage: true });
		await meeting.publish();
		await meeting.start();
		const facilitator = new MeetingLivePage(facilitatorPage, board.origin);
		await facilitator.nowDiscussing.waitFor();
		expect(await facilitator.position()).toBe(`Item 1 of ${count}`);

		// A prosecutor's browser follows "now discussing" as the facilitator moves.
		const prosecutor = new MeetingLivePage(
			await signedIn('prosecutor@demo.test', VIEWPORTS.projector),
			board.origin
		);
		await prosecutor.open(meetingId);
		await prosecutor.followState.filter({ hasText: 'Following the facilitator' }).waitFor();
		await prosecutor.waitForPosition(`Item 1 of ${count}`);
		await facilitator.next();
		await prosecutor.waitForPosition(`Item 2 of ${count}`);
		// Stepping away keeps this screen where it is while the facilitator moves on; "Follow again" catches up.
		await prosecutor.pickItem(4);
		await prosecutor.followState.filter({ hasText: 'Stepped away' }).waitFor();
		await facilitator.next();
		await prosecutor.waitForPosition(`Item 4 of ${count}`);
		await prosecutor.page.getByRole('button', { name: 'Follow again' }).click();
		await prosecutor.waitForPosition(`Item 3 of ${count}`);
		await prosecutor.page.screenshot({ path: `${ARTIFACTS}/meetings-live-prosecutor-projector.png` });

		// The room screen: the participant's name while only workgroup members are present…
		const room = new MeetingRoomPage(
			await (await browser.newContext({ viewport: VIEWPORTS.projector })).newPage(),
			board.origin
		);
		await new SignInPage(room.page, board.origin).signIn('facilitator@demo.test');
		await room.open(meetingId);
		await room.name.waitFor({ timeout: 10_000 });
		const name = (await room.name.textContent())!.trim();
		expect(name.length).toBeGreaterThan(3);
		await room.page.screenshot({ path: `${ARTIFACTS}/meetings-room-projector.png` });

		// …and less once a PCG member (invited with the policy group) joins the meeting.
		await meeting.open(meetingId);
		await meeting.inviteAgency('Policy Coordinating Group');
		await facilitator.open(meetingId);
		const pcgPage = await signedIn('pcg@demo.test');
		await new MeetingLivePage(pcgPage, board.origin).open(meetingId);
		await room.audience.filter({ hasText: 'Policy group' }).waitFor({ timeout: 10_000 });
		await room.title.filter({ hasText: 'details withheld' }).waitFor({ timeout: 10_000 });
		expect(await room.name.count()).toBe(0);
		expect(await room.page.locator('main').textContent()).not.toContain(name);
		await room.page.screenshot({ path: `${ARTIFACTS}/meetings-room-with-pcg-projector.png` });
		await pcgPage.screenshot({ path: `${ARTIFACTS}/meetings-live-pcg-laptop.png` });
		await pcgPage.context().close();
		await room.name.waitFor({ timeout: 10_000 });

		// A decision on the participant under discussion lands on that participant's page.
		const participantId = await facilitator.participantId();
		expect(participantId).toBeTruthy();
		const decision = 'Joint outreach on Thursday with case management';
		await facilitator.recordDecision({
			kind: 'Outreach by police',
			text: decision,
			agencies: ['HCPD', 'Outreach']
		});
		await room.page.getByText(decision).waitFor({ timeout: 10_000 });
		await facilitatorPage.screenshot({ path: `${ARTIFACTS}/meetings-live-facilitator-laptop.png` });
		await prosecutor.page.goto(`${board.origin}/participants/${participantId}`);
		await prosecutor.page.locator('ol.timeline').getByText(decision).waitFor({ timeout: 10_000 });

		// Ending the meeting and approving the minutes yields a printable, read-only page.
		await facilitator.end();
		const minutes = new MeetingMinutesPage(facilitatorPage);
		await minutes.approve();
		expect(await facilitatorPage.getByRole('button', { name: 'Approve the minutes' }).count()).toBe(0);
		expect(await facilitatorPage.getByText(decision).count()).toBeGreaterThan(0);
		await facilitatorPage.emulateMedia({ media: 'print' });
		expect(await facilitatorPage.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
		await facilitatorPage.screenshot({ path: `${ARTIFACTS}/meetings-minutes-print.png`, fullPage: true });
		const pdf = await facilitatorPage.pdf({ format: 'Letter' });
		expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
	});
});
