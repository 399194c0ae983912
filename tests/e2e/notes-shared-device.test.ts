/**
 * Meeting notes on a shared computer: the copy a browser keeps for offline reloads must not
 * outlive the session, whether the person signs out, the board ends the session, or the session
 * ended while no page was open.
 */
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_NOTES_PREFIX } from '../../src/lib/client/local-copies';
import { yjsRooms } from '../../src/lib/shared/events';
import { signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { launchChromium, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { demoMeetings } from '../helpers/notes';
import { eventually, waitFor } from '../helpers/wait';
import { AppShell } from './pages/AppShell';
import { NotesPage } from './pages/NotesPage';
import { SignInPage } from './pages/SignInPage';

let board: TestBoard;
let browser: Browser;
let meetingId: string;
let copyName: string;

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
	meetingId = demoMeetings(board.databasePath).workgroup;
	copyName = `${LOCAL_NOTES_PREFIX}${yjsRooms.meetingNotes(meetingId)}`;
});
afterAll(async () => {
	await closeBrowser(browser);
	await board?.stop();
});

async function newPage(): Promise<Page> {
	const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
	return context.newPage();
}

/** Opens the workgroup's notes signed in as `email` and waits until this browser keeps a copy. */
async function openNotesKeptLocally(page: Page, email: string): Promise<NotesPage> {
	await new SignInPage(page, board.origin).signIn(email);
	const notes = new NotesPage(page, board.origin);
	await notes.open(meetingId);
	await notes.connection.filter({ hasText: 'Live' }).waitFor({ timeout: 10_000 });
	await waitFor(async () => (await notesCopies(page)).includes(copyName), {
		timeout: 10_000,
		message: 'the notes kept in this browser'
	});
	return notes;
}

/** The names of the notes copies the page's browser holds (IndexedDB is shared by its origin). */
function notesCopies(page: Page): Promise<string[]> {
	return page.evaluate(async (prefix) => {
		const databases = await indexedDB.databases();
		return databases.flatMap(({ name }) => (name?.startsWith(prefix) ? [name] : []));
	}, LOCAL_NOTES_PREFIX);
}

async function expectNoNotesCopies(page: Page) {
	await eventually(async () => expect(await notesCopies(page)).toEqual([]), 5_000);
}

/** An administrator disables the account over HTTP, as the People and roles page does. */
async function disableAccount(email: string) {
	const admin = await signIn(board, 'admin@demo.test');
	const db = new Database(board.databasePath, { readonly: true });
	const { id } = db.prepare('select id from user where email = ?').get(email) as { id: string };
	db.close();
	const response = await fetch(`${board.origin}/admin/users?/disable`, {
		method: 'POST',
		headers: {
			cookie: admin,
			origin: board.origin,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json'
		},
		body: new URLSearchParams({ userId: id })
	});
	expect(((await response.json()) as { type: string }).type).toBe('success');
}

describe('signing out on a shared computer', () => {
	it('removes the notes kept in this browser before the sign-out is sent', async () => {
		const notes = await openNotesKeptLocally(await newPage(), 'casemanager@demo.test');
		const page = notes.page;
		await notes.clickEndOfNotes();
		await page.keyboard.type(' Intake booked for Tuesday.');
		await eventually(async () => expect(await notes.text()).toContain('Intake booked for Tuesday.'));

		// Another tab of the same browser looks at its storage the moment the sign-out request leaves.
		const probe = await page.context().newPage();
		await probe.goto(`${board.origin}/health`);
		let atSignOut: string[] | null = null;
		await page.route(
			(url) => url.pathname === '/signout',
			async (route) => {
				if (route.request().method() === 'POST') atSignOut = await notesCopies(probe);
				await route.continue();
			}
		);
		await new AppShell(page).signOut();

		expect(atSignOut).toEqual([]);
		await expectNoNotesCopies(page);
	});

	it('removes notes a session left behind when the sign-in page opens', async () => {
		const page = await newPage();
		await page.goto(`${board.origin}/health`);
		const leftBehind = `${LOCAL_NOTES_PREFIX}meeting.left-behind.notes`;
		await page.evaluate(
			(name) =>
				new Promise<void>((resolve, reject) => {
					const request = indexedDB.open(name);
					request.onsuccess = () => {
						request.result.close();
						resolve();
					};
					request.onerror = () => reject(request.error ?? new Error('open failed'));
				}),
			leftBehind
		);
		expect(await notesCopies(page)).toEqual([leftBehind]);

		await page.goto(`${board.origin}/signin`);
		await expectNoNotesCopies(page);
	});
});

describe('a session the board ends while a page is open', () => {
	it('removes the notes kept in this browser when the board says the session ended', async () => {
		const { page } = await openNotesKeptLocally(await newPage(), 'prosecutor@demo.test');
		// Away from the notes: only the board's live connection is open to hear that the session ended.
		await page.goto(`${board.origin}/meetings`);
		const shell = new AppShell(page);
		await shell.connection.filter({ hasText: 'Live' }).waitFor({ timeout: 10_000 });
		expect(await notesCopies(page)).toEqual([copyName]);

		await disableAccount('prosecutor@demo.test');

		await page.getByRole('alert').filter({ hasText: 'You were signed out.' }).waitFor({ timeout: 10_000 });
		await expectNoNotesCopies(page);
		expect(new URL(page.url()).pathname).toBe('/meetings');
	});

	it('removes the notes kept in this browser when the notes connection closes as signed out', async () => {
		const page = await newPage();
		// The board's live connection is refused for this page: only the notes socket can tell.
		await page.route(
			(url) => url.pathname.startsWith('/socket.io/'),
			(route) => route.abort()
		);
		await openNotesKeptLocally(page, 'sergeant@demo.test');

		await disableAccount('sergeant@demo.test');

		await page
			.getByRole('alert')
			.filter({ hasText: 'the copy of these notes in this browser was removed' })
			.waitFor({ timeout: 10_000 });
		await expectNoNotesCopies(page);
		expect(new URL(page.url()).pathname).toBe(`/meetings/${meetingId}/notes`);
	});
});
