import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { ARTIFACTS, launchChromium, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { interceptEditorCode } from '../helpers/editor-code';
import { demoMeetings } from '../helpers/notes';
import { eventually, waitFor } from '../helpers/wait';
import { NotesPage } from './pages/NotesPage';
import { SignInPage } from './pages/SignInPage';

let board: TestBoard;
let browser: Browser;
let meetings: { workgroup: string; policyGroup: string };

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
	meetings = demoMeetings(board.databasePath);
});
afterAll(async () => {
	await closeBrowser(browser);
	await board?.stop();
});

async function signedInPage(email: string, viewport: { width: number; height: number }) {
	// The service worker keeps the app's code, the editor's too: a page it controls would take the
	// editor from that copy, and these tests watch the editor's own request.
	const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
	const page = await context.newPage();
	await new SignInPage(page, board.origin).signIn(email);
	return page;
}

async function openNotesAs(email: string, viewport: { width: number; height: number }, meetingId: string) {
	const context = await browser.newContext({ viewport });
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

		// Near the right edge of the prosecutor's (narrower) notes, the case manager's label hangs left.
		const label = prosecutor.caretLabel('Jordan Ortiz · Case management');
		const area = (await prosecutor.editor.boundingBox())!;
		const nearEdge = async () =>
			(await label.locator('xpath=..').boundingBox())!.x > area.x + area.width - 120;
		for (let words = 0; words < 60 && !(await nearEdge()); words++) {
			const caret = (await label.locator('xpath=..').boundingBox())!;
			await caseManager.page.keyboard.type(' word');
			await eventually(async () => {
				const moved = (await label.locator('xpath=..').boundingBox())!;
				expect(moved.x !== caret.x || moved.y !== caret.y).toBe(true);
			}, 5_000);
		}
		expect(await nearEdge()).toBe(true);
		await eventually(async () => {
			const box = (await label.boundingBox())!;
			expect(box.x + box.width).toBeLessThanOrEqual(area.x + area.width);
		}, 5_000);

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

describe('the notes editor fetched on demand', () => {
	it('shows the live meeting and a polite placeholder while the editor is on its way, then the labelled editor without moving focus', async () => {
		const page = await signedInPage('casemanager@demo.test', VIEWPORTS.laptop);
		const editorCode = await interceptEditorCode(page, 'hold');
		const notes = new NotesPage(page, board.origin);
		// The demo meeting has not started: its live page is the agenda and an empty "now discussing".
		await page.goto(`${board.origin}/meetings/${meetings.workgroup}/live`);

		// Everything but the editor is there, and the notes themselves are already connected.
		await visible(page.getByRole('heading', { name: 'Now discussing' }));
		await visible(page.getByRole('heading', { name: 'Agenda', exact: true }));
		await visible(notes.placeholder);
		expect(await notes.placeholder.getAttribute('aria-live')).toBe('polite');
		await visible(notes.readers.filter({ hasText: 'Who can read these notes:' }));
		// Every script of the page passes through the interception above, so on a busy machine the
		// page takes longer than usual to come alive: a longer bound here, not a weaker check.
		await notes.connection.filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
		await waitFor(() => editorCode.requests > 0, { timeout: 10_000, message: 'the editor to be requested' });
		expect(await notes.editor.count()).toBe(0);
		await page.screenshot({ path: `${ARTIFACTS}/live-notes-loading-laptop.png` });

		// The person has moved on (here, to the main navigation) when the editor arrives.
		const meetingsLink = page
			.getByRole('navigation', { name: 'Main' })
			.getByRole('link', { name: 'Meetings' });
		await meetingsLink.focus();
		editorCode.release();
		await visible(notes.editor);
		expect(await notes.placeholder.count()).toBe(0);
		expect(await meetingsLink.evaluate((link) => link === document.activeElement)).toBe(true);
		expect(await notes.editor.getAttribute('aria-describedby')).toBeTruthy();
	});

	it('offers to try again when the editor cannot be fetched, and the editor it brings takes the focus', async () => {
		const page = await signedInPage('sergeant@demo.test', VIEWPORTS.projector);
		const editorCode = await interceptEditorCode(page, 'fail');
		const notes = new NotesPage(page, board.origin);
		await notes.visit(meetings.workgroup);

		await visible(notes.unavailable);
		await visible(notes.connection.filter({ hasText: 'Live' }));
		expect(await notes.editor.count()).toBe(0);
		await page.screenshot({ path: `${ARTIFACTS}/notes-editor-unavailable-projector.png` });

		editorCode.mode = 'pass';
		await notes.unavailable.getByRole('button', { name: 'Try again' }).click();
		await visible(notes.editor);
		expect(await notes.unavailable.count()).toBe(0);
		expect(editorCode.requests).toBe(2);
		// The button that had focus is gone: focus goes to what it fetched, ready to type.
		expect(await notes.editor.evaluate((editor) => editor === document.activeElement)).toBe(true);
		await page.keyboard.type(' Retry worked.');
		await eventually(async () => expect(await notes.text()).toContain('Retry worked.'), 10_000);
	});
});

async function visible(locator: Locator) {
	await locator.first().waitFor({ state: 'visible', timeout: 10_000 });
	expect(await locator.count()).toBeGreaterThan(0);
}
