import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, demoTotpCode, signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { ARTIFACTS, launchChromium, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { newReferral } from '../helpers/board-client';
import { ParticipantPage } from './pages/ParticipantPage';
import { SignInPage } from './pages/SignInPage';

const GOAL = 'Start buprenorphine with the Harbor Street clinic';
const PART2 = '42 CFR part 2 prohibits unauthorized use or disclosure of these records.';

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

async function signedIn(email: string): Promise<Page> {
	const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
	const page = await context.newPage();
	await new SignInPage(page, board.origin).signIn(email, undefined, { totpCode: demoTotpCode });
	return page;
}

/** Referred by the officer, taken on by the case manager, with a substance-use treatment goal. */
async function participantWithClinicalGoal(): Promise<string> {
	const emit = async (email: string, op: string, input: Record<string, unknown>) => {
		const socket = await connectSocket(board, await signIn(board, email));
		try {
			const reply = await socket.emitWithAck('board:mutate:v1', { op, input });
			if (!reply.ok) throw new Error(`${op}: ${reply.message}`);
			return reply.data;
		} finally {
			socket.close();
		}
	};
	const { participantId } = await emit(
		'officer@demo.test',
		'referral.create',
		newReferral('Rowan Consent-Example')
	);
	await emit('casemanager@demo.test', 'participant.claim', { participantId, expectedVersion: 1 });
	await emit('casemanager@demo.test', 'goal.add', {
		participantId,
		domain: 'substance_use_treatment',
		description: GOAL
	});
	return participantId;
}

describe('a consent naming the police department, added while the officer has the page open', () => {
	it('shows the clinical goal on the police screen without a reload, with the Part 2 notice', async () => {
		const participantId = await participantWithClinicalGoal();
		// The supervisor signs in with the authenticator code from the seeded secret, then the notice.
		const caseManagement = await signedIn('supervisor@demo.test');
		const police = await signedIn('officer@demo.test');
		await caseManagement.goto(`${board.origin}/participants/${participantId}`);
		await police.goto(`${board.origin}/participants/${participantId}`);
		const cm = new ParticipantPage(caseManagement);
		const officer = new ParticipantPage(police);

		await cm.panel('Intervention plan').getByText(GOAL).waitFor();
		await officer.consentsLine.getByText('none active').waitFor();
		expect(await police.content()).not.toContain(GOAL);
		expect(await officer.part2Notice.count()).toBe(0);
		await police.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

		await cm.recordConsent({
			recipient: 'Harbor City Police Department',
			categories: ['Clinical detail'],
			purpose: 'Coordinate treatment with the officer who referred them',
			validUntil: '2099-06-01'
		});

		await officer.panel('Intervention plan').getByText(GOAL).waitFor({ timeout: 5_000 });
		await officer.part2Notice.waitFor({ timeout: 5_000 });
		expect(await officer.part2Notice.textContent()).toContain(PART2);
		expect(await officer.consentsLine.textContent()).toContain(
			'Harbor City Police Department — clinical detail until 1 Jun 2099'
		);
		expect(
			await police.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)
		).toBe(true);
		await police.screenshot({ path: `${ARTIFACTS}/consent-police-laptop.png`, fullPage: false });
		await caseManagement.screenshot({
			path: `${ARTIFACTS}/consent-case-management-laptop.png`,
			fullPage: true
		});

		// Revoking takes it away again, on the open screen.
		await cm.revokeConsent('Harbor City Police Department', 'The participant withdrew the release');
		await officer.part2Notice.waitFor({ state: 'detached', timeout: 5_000 });
		await officer.consentsLine.getByText('none active').waitFor({ timeout: 5_000 });
		expect(await police.content()).not.toContain(GOAL);
		expect(
			await police.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)
		).toBe(true);
	}, 90_000);
});
