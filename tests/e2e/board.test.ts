import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { newReferral, openBoard } from '../helpers/board-client';
import { ARTIFACTS, launchChromium, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { BoardPage } from './pages/BoardPage';
import { ParticipantPage } from './pages/ParticipantPage';
import { ReferralPage } from './pages/ReferralPage';
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

const PERSON = 'Dakota Rivers-Example';
const GOAL = 'Move into the Third Avenue supportive housing unit';

describe('a referral travels the board, live, and survives a restart', () => {
	it('is seen, enrolled, planned and charged by the agencies that may, each seeing what their role allows', async () => {
		const police = await signedIn('officer@demo.test');
		const caseManager = await signedIn('casemanager@demo.test', VIEWPORTS.projector);
		const prosecutor = await signedIn('prosecutor@demo.test');
		const caseManagerBoard = new BoardPage(caseManager, board.origin);
		await caseManagerBoard.open();

		await new BoardPage(police, board.origin).open();
		await new ReferralPage(police).referByArrestDiversion({
			name: PERSON,
			offence: 'Possession of a controlled substance'
		});
		const participantUrl = new URL(police.url()).pathname;

		// The case manager's board shows the new card without a reload.
		const row = caseManagerBoard.row(PERSON);
		await row.waitFor({ timeout: 5_000 });
		expect(await row.textContent()).toContain('30 days left');
		expect(await row.textContent()).toContain('Referred');
		await caseManager.screenshot({ path: `${ARTIFACTS}/board-case-manager-projector.png` });

		await caseManagerBoard.openParticipant(PERSON);
		const record = new ParticipantPage(caseManager);
		await record.takeOn();
		await record.changeStatus('Enrolled (active)', 'Intake and assessment completed at the drop-in centre');
		await record.addGoal('Housing', GOAL);
		await caseManager.screenshot({
			path: `${ARTIFACTS}/participant-case-manager-projector.png`,
			fullPage: true
		});

		// Police see the new status live on their open page, but not the goal's words.
		const policeRecord = new ParticipantPage(police);
		await policeRecord.summary.getByText('Enrolled (active)').waitFor({ timeout: 5_000 });
		await policeRecord.panel('Intervention plan').getByText('Housing').waitFor({ timeout: 5_000 });
		expect(await police.content()).not.toContain(GOAL);
		expect(await policeRecord.panel('Intervention plan').textContent()).toContain('Goal detail not shared');
		await police.screenshot({ path: `${ARTIFACTS}/participant-police-laptop.png`, fullPage: true });

		// The prosecutor records a new charge and holds it pending engagement.
		await prosecutor.goto(`${board.origin}${participantUrl}`);
		const prosecution = new ParticipantPage(prosecutor);
		await prosecution.addLegalMatter({
			caseNumber: '26-1-09876-SEA',
			court: 'Municipal Court',
			charge: 'Theft 3'
		});
		await prosecution.decide('26-1-09876-SEA', 'Held pending engagement');

		// Restart the server on the same SQLite file: everything is still there.
		await board.stop({ keepFiles: true });
		board = await startTestBoard({}, { dir: board.dir });
		await caseManager.goto(`${board.origin}${participantUrl}`);
		const after = new ParticipantPage(caseManager);
		await after.summary.getByText('Enrolled (active)').waitFor();
		expect(await after.panel('Intervention plan').textContent()).toContain(GOAL);
		expect(await after.panel('Legal matters').textContent()).toContain('Held pending engagement');
		expect(await caseManager.content()).toContain(PERSON);
	});

	it('catches up a board that lost its connection, without a reload', async () => {
		const supervisor = await signedIn('casemanager@demo.test', VIEWPORTS.laptop);
		const supervisorBoard = new BoardPage(supervisor, board.origin);
		await supervisorBoard.open();
		await supervisor.getByRole('status').filter({ hasText: 'Live' }).waitFor();
		await supervisor.evaluate(() => ((window as unknown as { __loaded: boolean }).__loaded = true));

		await supervisor.context().setOffline(true);
		await supervisor
			.getByRole('status')
			.filter({ hasText: /Reconnecting|Offline/ })
			.waitFor({ timeout: 15_000 });
		const officer = await openBoard(board, 'officer@demo.test');
		const reply = await officer.socket.emitWithAck('board:mutate:v1', {
			op: 'referral.create',
			input: newReferral('Quinn Offline-Example')
		});
		officer.socket.close();
		expect(reply.ok).toBe(true);

		await supervisor.context().setOffline(false);
		await supervisorBoard.row('Quinn Offline-Example').waitFor({ timeout: 15_000 });
		await supervisor.getByRole('status').filter({ hasText: 'Live' }).waitFor();
		// Same page, never reloaded.
		expect(await supervisor.evaluate(() => (window as unknown as { __loaded?: boolean }).__loaded)).toBe(
			true
		);
	});

	it('keeps an update made while offline on the device and sends it once the connection is back', async () => {
		const officer = await signedIn('officer@demo.test');
		const officerBoard = new BoardPage(officer, board.origin);
		await officerBoard.open();
		await officerBoard.openParticipant('Quinn Offline-Example');
		await officer.getByRole('status').filter({ hasText: 'Live' }).waitFor();

		await officer.context().setOffline(true);
		await officer
			.getByRole('status')
			.filter({ hasText: /Reconnecting|Offline/ })
			.first()
			.waitFor({ timeout: 15_000 });
		const text = 'Seen at the day centre; asked about housing (sent while offline)';
		await officer.getByLabel('Update for the workgroup').fill(text);
		await officer.getByRole('button', { name: 'Post update' }).click();
		await officer.getByText('Kept on this device').waitFor();
		await officer.getByText('1 change waiting').waitFor();

		await officer.context().setOffline(false);
		// Update bodies are case notes, which police do not read: the officer sees that it was posted.
		const record = new ParticipantPage(officer);
		await record.panel('Timeline').getByText('Update posted.').waitFor({ timeout: 30_000 });
		expect(await record.panel('Contacts and updates').textContent()).toContain('Sam Reyes');
		expect(await officer.getByText('change waiting').count()).toBe(0);
		expect(await officer.content()).not.toContain(text);
	});
});
