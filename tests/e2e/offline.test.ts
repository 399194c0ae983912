/**
 * In the field with a weak signal: a case manager on a phone (touch) goes offline, logs a contact
 * and posts an update, reloads with no signal (the service worker's shell shows what waits), and
 * comes back online: both changes arrive once, and an officer's open board shows them live. What
 * waits is kept encrypted on the device, survives the reload, and is gone after sign-out. A change
 * the board refuses on arrival is shown with the record's current value, not lost.
 */
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTBOX_DATABASE } from '../../src/lib/client/outbox-store';
import { connectSocket, postAction, signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { ARTIFACTS, PHONE, VIEWPORTS, launchChromium, closeBrowser } from '../helpers/browser';
import { waitFor } from '../helpers/wait';
import { AppShell } from './pages/AppShell';
import { BoardPage } from './pages/BoardPage';
import { OfflinePage } from './pages/OfflinePage';
import { ParticipantPage } from './pages/ParticipantPage';
import { SignInPage } from './pages/SignInPage';

let board: TestBoard;
let browser: Browser;
/** Participants on the case manager's caseload: one per test, so each starts from a known record. */
let caseload: { id: string; code: string }[];

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
	const db = new Database(board.databasePath, { readonly: true });
	caseload = db
		.prepare(
			`select p.id, p.code from participants p join user u on u.id = p.case_manager_user_id
			 where u.email = 'casemanager@demo.test' and p.status != 'exited' order by p.code`
		)
		.all() as { id: string; code: string }[];
	db.close();
});
afterAll(async () => {
	await closeBrowser(browser);
	await board?.stop();
});

async function signedIn(email: string, options: Parameters<Browser['newContext']>[0]): Promise<Page> {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	const printed: string[] = [];
	consoleOf.set(page, printed);
	page.on('console', (message) => printed.push(`${message.type()}: ${message.text()}`));
	await new SignInPage(page, board.origin).signIn(email);
	return page;
}

/** The case manager's phone on a participant's page, live, with the service worker in control. */
async function caseManagerOnPhone(participantId: string): Promise<Page> {
	const page = await signedIn('casemanager@demo.test', PHONE);
	await page.goto(`${board.origin}/participants/${participantId}`);
	await new ParticipantPage(page).timelineHeading.waitFor();
	await live(page);
	await waitFor(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
		timeout: 20_000,
		message: 'the service worker to control the page'
	});
	await page.evaluate(async () => void (await navigator.serviceWorker.ready));
	return page;
}

async function live(page: Page): Promise<void> {
	await new AppShell(page).connection.filter({ hasText: /^\s*Live\s*$/ }).waitFor({ timeout: 15_000 });
}

/** No signal at all: the page, its sockets and the service worker's own fetches. */
async function goOffline(page: Page): Promise<void> {
	await page.context().setOffline(true);
	await new AppShell(page).connection.filter({ hasText: /^\s*Offline\b/ }).waitFor({ timeout: 10_000 });
	// Away from the board nobody is known to be here: the strip says so, not that the room is empty.
	const whoIsHere = page.getByTestId('who-is-here');
	await whoIsHere
		.filter({ hasText: 'Who is here shows again once back online.' })
		.waitFor({ timeout: 5_000 });
}

/** What the browser holds in the outbox database: the sealed changes as stored. */
function sealedChanges(page: Page): Promise<{ key: string; plain: string }[] | null> {
	return page.evaluate(async (name) => {
		if (!(await indexedDB.databases()).some((d) => d.name === name)) return null;
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open(name);
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error ?? new Error('open failed'));
		});
		try {
			const rows = await new Promise<{ key: string; data: ArrayBuffer }[]>((resolve, reject) => {
				const request = db.transaction('changes').objectStore('changes').getAll();
				request.onsuccess = () => resolve(request.result as { key: string; data: ArrayBuffer }[]);
				request.onerror = () => reject(request.error ?? new Error('read failed'));
			});
			return rows.map((r) => ({ key: r.key, plain: new TextDecoder().decode(r.data) }));
		} finally {
			db.close();
		}
	}, OUTBOX_DATABASE);
}

function userId(email: string): string {
	const db = new Database(board.databasePath, { readonly: true });
	try {
		return (db.prepare('select id from user where email = ?').get(email) as { id: string }).id;
	} finally {
		db.close();
	}
}

/**
 * Waits for `text` on the record's timeline. When it does not come, says what the phone's strip
 * and console showed, whether the board stored it, and the board's warnings: enough to tell a
 * change never sent from one sent and not shown.
 */
async function onTimeline(page: Page, text: string, stored: () => number): Promise<void> {
	try {
		await new ParticipantPage(page).panel('Timeline').getByText(text).waitFor({ timeout: 20_000 });
	} catch (error) {
		const strip = await new AppShell(page).connection.innerText().catch(() => 'no connection status');
		const said = board.logs
			.filter((line) => /"level":"(warn|error)"|"event":"socket\./.test(line))
			.slice(-10);
		throw new Error(
			[
				`"${text}" did not reach the timeline; the strip says "${strip.trim()}", rows stored: ${stored()}`,
				`the phone's console:`,
				...(consoleOf.get(page) ?? []).slice(-10),
				`the board's warnings:`,
				...said
			].join('\n'),
			{ cause: error }
		);
	}
}

/** What each page printed to its console, for a failure to quote. */
const consoleOf = new WeakMap<Page, string[]>();

function countRows(sql: string, value: string): number {
	const db = new Database(board.databasePath, { readonly: true });
	try {
		return (db.prepare(sql).get(value) as { n: number }).n;
	} finally {
		db.close();
	}
}

describe('a contact and an update made with no signal', () => {
	it('wait on the phone through a reload, then arrive once and show live on an officer’s board', async () => {
		const participant = caseload[0];
		const note = `Met at the Third Avenue shelter, offline ${Date.now()}`;
		const update = `Housing voucher paperwork signed, offline ${Date.now()}`;
		const officer = await signedIn('officer@demo.test', { viewport: VIEWPORTS.laptop });
		const officerBoard = new BoardPage(officer, board.origin);
		await officerBoard.open();
		await live(officer);

		const phone = await caseManagerOnPhone(participant.id);
		const shell = new AppShell(phone);
		const record = new ParticipantPage(phone);
		await goOffline(phone);

		await record.action('Log a contact').tap();
		await phone.getByLabel('Short note').fill(note);
		await phone.getByRole('button', { name: 'Log contact' }).tap();
		await shell.connection.filter({ hasText: 'Offline: 1 change waiting' }).waitFor();
		await record.action('Post an update').tap();
		await phone.getByLabel('Update for the workgroup').fill(update);
		await phone.getByRole('button', { name: 'Post update' }).tap();
		await shell.connection.filter({ hasText: 'Offline: 2 changes waiting' }).waitFor();

		// Kept on the device, sealed: the words are not in the stored bytes.
		const sealed = await sealedChanges(phone);
		expect(sealed).toHaveLength(2);
		for (const { plain } of sealed!) {
			expect(plain).not.toContain('Third Avenue');
			expect(plain).not.toContain('voucher');
		}

		// A reload with no signal: the service worker's shell, counting what waits.
		await phone.reload();
		const offlinePage = new OfflinePage(phone);
		await offlinePage.heading.waitFor({ timeout: 10_000 });
		await offlinePage.waiting.filter({ hasText: '2 changes wait' }).waitFor();
		expect(await offlinePage.waiting.innerText()).toMatch(/1 contact, 1 update|1 update, 1 contact/);
		expect(await offlinePage.state.innerText()).toMatch(/Offline: 2 changes waiting/);
		await phone.screenshot({ path: `${ARTIFACTS}/offline-shell-phone.png` });

		// The signal returns: the page comes back by itself and sends what waited.
		await phone.context().setOffline(false);
		await record.timelineHeading.waitFor({ timeout: 15_000 });
		await live(phone);
		await onTimeline(phone, note, () => countRows('select count(*) as n from contacts where note = ?', note));
		await onTimeline(phone, update, () =>
			countRows('select count(*) as n from participant_updates where body = ?', update)
		);

		await officerBoard
			.row(participant.code)
			.getByText('Updated by Jordan Ortiz')
			.waitFor({ timeout: 10_000 });
		expect(countRows('select count(*) as n from contacts where note = ?', note)).toBe(1);
		expect(countRows('select count(*) as n from participant_updates where body = ?', update)).toBe(1);
		await waitFor(async () => (await sealedChanges(phone))?.length === 0, {
			message: 'the sent changes to leave the device'
		});
		// Reloading again sends nothing twice.
		await phone.reload();
		await live(phone);
		expect(countRows('select count(*) as n from contacts where note = ?', note)).toBe(1);
		expect(countRows('select count(*) as n from participant_updates where body = ?', update)).toBe(1);
	});
});

describe('the outbox and the session', () => {
	it('is removed from the device, key and all, when the case manager signs out', async () => {
		const participant = caseload[1];
		const phone = await caseManagerOnPhone(participant.id);
		const record = new ParticipantPage(phone);
		// The board's socket cannot get through (pages still can): the change stays in the outbox.
		await phone.route(
			(url) => url.pathname.startsWith('/socket.io/'),
			(route) => route.abort()
		);
		await goOffline(phone);
		await record.action('Log a contact').tap();
		await phone.getByLabel('Short note').fill('Left a card at the day centre');
		await phone.getByRole('button', { name: 'Log contact' }).tap();
		await new AppShell(phone).connection.filter({ hasText: '1 change waiting' }).waitFor();
		await phone.context().setOffline(false);
		expect(await sealedChanges(phone)).toHaveLength(1);

		await new AppShell(phone).signOut();
		expect(await sealedChanges(phone)).toBeNull();
		expect(
			countRows('select count(*) as n from contacts where note = ?', 'Left a card at the day centre')
		).toBe(0);
	});

	it('is removed from the device when the board ends the session while the phone has no signal', async () => {
		const participant = caseload[3];
		const phone = await signedIn('casemanager@demo.test', PHONE);
		await phone.goto(`${board.origin}/participants/${participant.id}`);
		const record = new ParticipantPage(phone);
		await record.timelineHeading.waitFor();
		await live(phone);
		await goOffline(phone);
		await record.action('Log a contact').tap();
		await phone.getByLabel('Short note').fill('Checked the encampment by the river');
		await phone.getByRole('button', { name: 'Log contact' }).tap();
		await new AppShell(phone).connection.filter({ hasText: '1 change waiting' }).waitFor();
		expect(await sealedChanges(phone)).toHaveLength(1);

		// An administrator disables the account meanwhile: the board ends its sessions.
		const admin = await signIn(board, 'admin@demo.test');
		const account = { userId: userId('casemanager@demo.test') };
		expect((await postAction(board, admin, '/admin/users?/disable', account)).type).toBe('success');
		try {
			await phone.context().setOffline(false);
			await phone
				.getByRole('alert')
				.filter({ hasText: /Your session has ended|You were signed out/ })
				.waitFor({ timeout: 15_000 });
			await waitFor(async () => (await sealedChanges(phone)) === null, {
				message: 'the outbox and its key to leave the device'
			});
		} finally {
			// The rest of this file signs in as the same case manager.
			expect((await postAction(board, admin, '/admin/users?/enable', account)).type).toBe('success');
		}
		expect(
			countRows('select count(*) as n from contacts where note = ?', 'Checked the encampment by the river')
		).toBe(0);
	});
});

describe('a change refused when it arrives', () => {
	it('is shown with the record’s current value, kept through a reload until dismissed', async () => {
		const participant = caseload[2];
		const phone = await caseManagerOnPhone(participant.id);
		const shell = new AppShell(phone);
		const record = new ParticipantPage(phone);
		await goOffline(phone);
		await record.action('Change status').tap();
		await phone.getByLabel(/^New status/).selectOption({ label: 'Inactive' });
		await phone.getByLabel('Why').fill('No contact for three weeks');
		await phone.getByRole('button', { name: 'Change status' }).tap();
		await shell.connection.filter({ hasText: '1 change waiting' }).waitFor();

		// Meanwhile the supervisor, online, changes the same record.
		const supervisor = await connectSocket(board, await signIn(board, 'supervisor@demo.test'));
		try {
			const db = new Database(board.databasePath, { readonly: true });
			const { version } = db.prepare('select version from participants where id = ?').get(participant.id) as {
				version: number;
			};
			db.close();
			const reply = await supervisor.emitWithAck('board:mutate:v1', {
				op: 'status.change',
				input: {
					participantId: participant.id,
					to: 'unable_to_locate',
					reason: 'Outreach team could not find them',
					expectedVersion: version
				}
			});
			expect(reply.ok).toBe(true);
		} finally {
			supervisor.close();
		}

		await phone.context().setOffline(false);
		const refused = shell.refusedChanges.filter({ hasText: participant.code });
		await refused.waitFor({ timeout: 15_000 });
		expect(await refused.textContent()).toContain(
			'You wrote: Status to Inactive: “No contact for three weeks”'
		);
		expect(await refused.getByTestId('current-value').textContent()).toContain(
			'The record now says: status Unable to locate.'
		);
		await phone.screenshot({ path: `${ARTIFACTS}/offline-conflict-phone.png` });

		await phone.reload();
		await refused.waitFor({ timeout: 10_000 });
		await refused.getByRole('button', { name: 'Dismiss' }).tap();
		await refused.waitFor({ state: 'detached' });
		await phone.reload();
		await live(phone);
		expect(await shell.refusedChanges.count()).toBe(0);
	});
});

describe('installing the board', () => {
	it('serves a web app manifest a phone can install from, its icons and the service worker', async () => {
		const page = await (await fetch(`${board.origin}/signin`)).text();
		expect(page).toContain('<link rel="manifest" href="/manifest.webmanifest"');
		const manifest = (await (await fetch(`${board.origin}/manifest.webmanifest`)).json()) as {
			name: string;
			display: string;
			start_url: string;
			icons: { src: string; sizes: string }[];
		};
		expect(manifest).toMatchObject({
			name: 'LEAD workgroup board',
			display: 'standalone',
			start_url: '/board'
		});
		for (const size of ['192x192', '512x512']) {
			const icon = manifest.icons.find((i) => i.sizes === size);
			const response = await fetch(`${board.origin}${icon?.src}`);
			expect(response.headers.get('content-type')).toBe('image/png');
		}
		expect((await fetch(`${board.origin}/sw.js`)).status).toBe(200);
	});
});
