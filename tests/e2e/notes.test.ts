import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { ARTIFACTS, launchChromium, VIEWPORTS } from '../helpers/browser';
import { demoMeetings } from '../helpers/notes';
import { eventually } from '../helpers/wait';
import { NotesPage } from './pages/NotesPage';
import { SignInPage } from './pages/SignInPage';

let board: TestBoard;
let browser: Browser;
let meetings: { workgroup: string; policyGroup: string };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
	meetings = demoMeetings(board.databasePath);
});
afterAll(async () => {
	for (const context of contexts) await context.close();
	await browser?.close();
	await board?.stop();
});

async function openNotesAs(email: string, viewport: { width: number; height: number }, meetingId: string) {
	const context = await browser.newContext({ viewport });
	contexts.push(context);
	const page = await context.newPage();
	await new SignInPage(page, board.origin).signIn(email);
	const notes = new NotesPage(page, board.origin);
	await notes.open(meetingId);
	await visible(notes.connection.filter({ hasText: 'Live' }));
	return notes;
}

describe('meeting notes in two browsers', () => {
	it('shows a prosecutor and a case manager each other’s text and labelled caret as they type at once', async () => {
		const prosecutor = await openNotesAs('prosecutor@demo.test', VIEWPORTS.laptop, meetings.workgroup);
		const caseManager = await openNotesAs('casemanager@demo.test', VIEWPORTS.projector, meetings.workgroup);
		await visible(prosecutor.readers.filter({ hasText: 'Who can read these notes:' }));
		expect(await prosecutor.readers.textContent()).toContain('prosecutor');

		// Two paragraphs, so each person types in their own and both type at the same moment.
		await prosecutor.clickEndOfNotes();
		await prosecutor.page.keyboard.type('Prosecution:');
		await prosecutor.page.keyboard.press('Enter');
		await prosecutor.page.keyboard.type('Case management:');
		await eventually(async () => expect(await caseManager.text()).toContain('Case management:'), 10_000);
		await prosecutor.clickEndOf('Prosecution:');
		await caseManager.clickEndOf('Case management:');
		await Promise.all([
			prosecutor.page.keyboard.type(' charge held pending engagement.', { delay: 15 }),
			caseManager.page.keyboard.type(' intake booked for Tuesday.', { delay: 15 })
		]);

		const both = [
			'Prosecution: charge held pending engagement.',
			'Case management: intake booked for Tuesday.'
		];
		for (const notes of [prosecutor, caseManager]) {
			await eventually(async () => {
				const text = await notes.text();
				for (const line of both) expect(text).toContain(line);
			}, 10_000);
		}
		expect(await prosecutor.text()).toBe(await caseManager.text());

		await visible(caseManager.caretLabel('Priya Natarajan · Prosecution'));
		await visible(prosecutor.caretLabel('Jordan Ortiz · Case management'));
		await visible(prosecutor.presence.getByText('Jordan Ortiz'));

		await prosecutor.page.screenshot({ path: `${ARTIFACTS}/notes-prosecutor-laptop.png` });
		await caseManager.page.screenshot({ path: `${ARTIFACTS}/notes-case-manager-projector.png` });
	});

	it('formats with the labelled toolbar buttons and their keyboard shortcuts', async () => {
		const sergeant = await openNotesAs('sergeant@demo.test', VIEWPORTS.laptop, meetings.workgroup);
		await sergeant.clickEndOfNotes();
		await sergeant.page.keyboard.press('Enter');
		await sergeant.tool('Bullet list').click();
		await sergeant.page.keyboard.type('Outreach by police this week');
		expect(await sergeant.tool('Bullet list').getAttribute('aria-pressed')).toBe('true');
		await sergeant.page.keyboard.press('Control+b');
		await sergeant.page.keyboard.type(' (urgent)');
		await visible(sergeant.editor.locator('ul li strong', { hasText: '(urgent)' }));
		expect(await sergeant.tool('Bold').getAttribute('aria-pressed')).toBe('true');
	});

	it('lets a police officer follow the PCG notes read-only', async () => {
		const pcg = await openNotesAs('pcg@demo.test', VIEWPORTS.projector, meetings.policyGroup);
		await pcg.clickEndOfNotes();
		await pcg.page.keyboard.type(' Expansion to the north precinct: agreed by consensus.');
		const officer = await openNotesAs('officer@demo.test', VIEWPORTS.laptop, meetings.policyGroup);

		await visible(officer.page.getByText('You can read these notes; your role cannot edit them.'));
		await eventually(async () => expect(await officer.text()).toContain('agreed by consensus'), 10_000);
		expect(await officer.editor.getAttribute('contenteditable')).toBe('false');
		expect(await officer.page.getByRole('toolbar', { name: 'Formatting' }).count()).toBe(0);
		expect(await officer.readers.textContent()).toMatch(/Read only: police officer/);
		await officer.editor.click();
		await officer.page.keyboard.type('POLICE EDIT');
		expect(await officer.text()).not.toContain('POLICE EDIT');
		await visible(pcg.presence.getByText('Sam Reyes'));
		expect(await pcg.presence.textContent()).toContain('reading');

		await officer.page.screenshot({ path: `${ARTIFACTS}/notes-officer-read-only-laptop.png` });
		await pcg.page.screenshot({ path: `${ARTIFACTS}/notes-pcg-projector.png` });
	});
});

async function visible(locator: Locator) {
	await locator.first().waitFor({ state: 'visible', timeout: 10_000 });
	expect(await locator.count()).toBeGreaterThan(0);
}
