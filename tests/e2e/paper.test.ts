/**
 * Paper where it is needed: a participant's summary a case manager takes to court, and the board
 * as a meeting packet, printed by Chromium to PDF. No navigation, filters or live strip; each
 * page says what it is; the 42 CFR Part 2 notice is on every page of a summary that carries Part 2
 * information; each copy holds only what the person printing may see.
 */
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART2_NOTICE } from '../../src/lib/shared/participant-labels';
import { connectSocket, signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { ARTIFACTS, VIEWPORTS, launchChromium, closeBrowser } from '../helpers/browser';
import { pdfPages } from '../helpers/pdf';
import { SignInPage } from './pages/SignInPage';
import { writeFileSync } from 'node:fs';

let board: TestBoard;
let browser: Browser;
/** A participant on the case manager's caseload, given a long record so the summary runs to pages. */
let participant: { id: string; code: string; name: string };
const CASE_NOTE = 'Talked through the housing application at the shelter';

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
	const db = new Database(board.databasePath, { readonly: true });
	const row = db
		.prepare(
			`select p.id, p.code, p.legal_name as name from participants p join user u on u.id = p.case_manager_user_id
			 where u.email = 'casemanager@demo.test' order by p.code limit 1`
		)
		.get() as { id: string; code: string; name: string };
	db.close();
	participant = row;
	const socket = await connectSocket(board, await signIn(board, 'casemanager@demo.test'));
	try {
		for (let i = 1; i <= 40; i++) {
			const reply = await socket.emitWithAck('board:mutate:v1', {
				op: 'update.post',
				input: { participantId: participant.id, body: `${CASE_NOTE} (visit ${i}); next step agreed.` }
			});
			if (!reply.ok) throw new Error(reply.message);
		}
	} finally {
		socket.close();
	}
});
afterAll(async () => {
	await closeBrowser(browser);
	await board?.stop();
});

async function signedIn(email: string): Promise<Page> {
	const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
	const page = await context.newPage();
	await new SignInPage(page, board.origin).signIn(email);
	return page;
}

/** Prints the open page as Chromium's print dialog would, and answers each page's text. */
async function printed(page: Page, name: string): Promise<string[]> {
	const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
	writeFileSync(`${ARTIFACTS}/${name}.pdf`, pdf);
	return pdfPages(pdf);
}

describe('a participant summary for court', () => {
	it('prints the record without the screen around it, the Part 2 notice on every page', async () => {
		const page = await signedIn('casemanager@demo.test');
		await page.goto(`${board.origin}/participants/${participant.id}`);
		await page.getByRole('link', { name: 'Print a summary' }).click();
		await page.getByTestId('paper').waitFor();
		await page.emulateMedia({ media: 'print' });
		expect(await page.getByRole('navigation').count()).toBe(0);
		expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);

		const pages = await printed(page, 'participant-summary-case-manager');
		expect(pages.length).toBeGreaterThan(1);
		pages.forEach((text, i) => {
			expect(text, `page ${i + 1}`).toContain(PART2_NOTICE);
			expect(text, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`);
		});
		const all = pages.join(' ');
		expect(all).toContain(participant.code);
		expect(all).toContain(participant.name);
		expect(all).toContain(CASE_NOTE);
		expect(all).toContain('Prepared by Jordan Ortiz');
		for (const screenOnly of ['Sign out', 'Who is here', 'Log a contact', 'Flag for discussion', 'Live']) {
			expect(all).not.toContain(screenOnly);
		}
	});

	it('prints for police only what police see, with no notice where no Part 2 information is on the paper', async () => {
		const page = await signedIn('officer@demo.test');
		await page.goto(`${board.origin}/participants/${participant.id}/print`);
		await page.getByTestId('paper').waitFor();
		const pages = await printed(page, 'participant-summary-police');
		const all = pages.join(' ');
		expect(all).toContain(participant.code);
		expect(all).not.toContain(CASE_NOTE);
		expect(all).not.toContain(PART2_NOTICE);
		expect(all).toMatch(/Not shared with the preparer’s agency, so not on this paper: .*case notes/);
	});

	it('records the printing in the audit trail', async () => {
		const db = new Database(board.databasePath, { readonly: true });
		const rows = db
			.prepare(
				`select u.email from audit_events a join user u on u.id = a.actor_user_id
				 where a.action = 'participant.printed' and a.object_id = ? order by a.id`
			)
			.all(participant.id) as { email: string }[];
		db.close();
		expect(rows.map((r) => r.email)).toEqual(['casemanager@demo.test', 'officer@demo.test']);
	});
});

describe('the board as a meeting packet', () => {
	it('prints every participant most urgent first, without navigation, filters or the live strip', async () => {
		const page = await signedIn('officer@demo.test');
		await page.goto(`${board.origin}/board`);
		await page.getByRole('link', { name: 'Print meeting packet' }).click();
		await page.getByTestId('paper').waitFor();

		const clocks = await page.locator('tbody tr td:nth-child(4)').allTextContents();
		const overdue = clocks
			.map((c) => /Overdue\s*(\d+)/.exec(c)?.[1])
			.filter(Boolean)
			.map(Number);
		expect(overdue.length).toBeGreaterThan(0);
		expect(clocks.slice(0, overdue.length).every((c) => c.includes('Overdue'))).toBe(true);
		expect(overdue).toEqual([...overdue].sort((a, b) => b - a));

		const pages = await printed(page, 'meeting-packet-police');
		const all = pages.join(' ');
		pages.forEach((text, i) => expect(text).toContain(`Page ${i + 1} of ${pages.length}`));
		// (Chromium sets "fi" as a ligature, which the PDF's text keeps as one character.)
		expect(all).toContain('Participant roster, most urgent');
		for (const screenOnly of ['Sign out', 'Who is here', 'Search', 'Group by', 'New referral', 'Print']) {
			expect(all).not.toContain(screenOnly);
		}
	});

	it('is redacted for the person printing: a defender’s packet names only their own clients', async () => {
		const page = await signedIn('defender@demo.test');
		await page.goto(`${board.origin}/board/print`);
		await page.getByTestId('paper').waitFor();
		const all = (await printed(page, 'meeting-packet-defender')).join(' ');
		expect(all).toContain(participant.code);
		expect(all).not.toContain(participant.name);
		expect(all).toContain('Not shared');
	});
});
