/**
 * The two import pages as an administrator uses them: people in bulk (checked, created with
 * one-time sign-in links, a link then used to choose a password) and the roster (the template,
 * a dry run naming each bad row, the good rows imported once). Each page in the state people meet
 * it is checked with axe-core. A person who left is found on the referral form and referred again.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { launchChromium, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { accountsFile, rosterFile, rosterRow } from '../helpers/imports';
import { BoardPage } from './pages/BoardPage';
import { SignInPage } from './pages/SignInPage';

let board: TestBoard;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
	page = await (await browser.newContext({ viewport: VIEWPORTS.laptop })).newPage();
	await new SignInPage(page, board.origin).signIn('admin@demo.test');
});
afterAll(async () => {
	await closeBrowser(browser);
	await board?.stop();
});

const upload = (label: string, name: string, buffer: Buffer) =>
	page.getByLabel(label).setInputFiles({ name, mimeType: 'text/csv', buffer });
/** The report's rows with problems: line, key and reason. */
const problemRows = () =>
	page
		.getByRole('table', { name: /Rows with problems/ })
		.locator('tbody tr')
		.evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent?.trim() ?? '')));
const summary = (text: RegExp) => page.getByText(text).waitFor({ timeout: 15_000 });

const PEOPLE = accountsFile([
	{
		email: 'rosa.vigil@demo.test',
		name: 'Rosa Vigil',
		role: 'Case manager',
		agency: 'Harbor Outreach Services'
	},
	{
		email: 'not-an-email',
		name: 'Lee Park',
		role: 'Police officer',
		agency: 'Harbor City Police Department'
	},
	{ email: 'admin@demo.test', name: 'Avery Stone', role: 'Administrator', agency: 'LEAD Program Office' }
]);

describe('people in bulk', () => {
	let link = '';

	it('offers the template and lists what a check would create and each row’s problem', async () => {
		await page.goto(`${board.origin}/admin/users`);
		const template = await page.request.get(
			`${board.origin}${await page.getByRole('link', { name: 'Download the template' }).first().getAttribute('href')}`
		);
		expect((await template.text()).replace('\ufeff', '')).toBe('email,name,role,agency\r\n');

		await upload('People file (CSV, UTF-8)', 'people.csv', PEOPLE);
		await page.getByRole('button', { name: 'Check the file' }).click();
		await summary(/3 rows read: 1 account would be created; 1 already here; 1 with problems/);
		const wouldCreate = page.getByRole('table', { name: 'Would be created' });
		expect(await wouldCreate.getByRole('row', { name: /Rosa Vigil/ }).textContent()).toContain('2');
		expect(await problemRows()).toEqual([['3', 'not-an-email', '"not-an-email" is not an email address.']]);
		expect(await page.getByRole('row', { name: /Rosa Vigil/ }).count()).toBe(1); // not in the accounts table yet
		expect(await axeViolations(page)).toEqual([]);
	});

	it('creates the accounts with one-time links, and creates nothing twice', async () => {
		await page.getByRole('button', { name: 'Create the accounts' }).click();
		await summary(/3 rows read: 1 account created; 1 already here; 1 with problems/);
		const links = page.getByTestId('sign-in-links');
		link = await links.getByLabel('Sign-in link for Rosa Vigil').inputValue();
		expect(link).toMatch(/\/signin\/welcome#[A-Za-z0-9_-]{20,}$/);
		expect(await page.getByText('Not signed in yet').count()).toBe(1);
		expect(await axeViolations(page)).toEqual([]);

		await upload('People file (CSV, UTF-8)', 'people.csv', PEOPLE);
		await page.getByRole('button', { name: 'Create the accounts' }).click();
		await summary(/3 rows read: 0 accounts created; 2 already here; 1 with problems/);
		expect(await page.getByTestId('sign-in-links').count()).toBe(0);
	});

	it('lets the link’s holder choose a password once', async () => {
		const holder = await (await browser.newContext({ viewport: VIEWPORTS.laptop })).newPage();
		await holder.goto(link);
		await holder.getByText('This link is for').waitFor({ timeout: 15_000 });
		expect(holder.url()).not.toContain('#');
		expect(await axeViolations(holder)).toEqual([]);
		await holder.getByLabel(/New password/).fill('a long first password');
		await holder.getByLabel('The same password again').fill('a long first password');
		await holder.getByRole('button', { name: 'Set my password' }).click();
		await holder.getByText('Your password is set. Sign in as rosa.vigil@demo.test.').waitFor();

		await holder.goto('about:blank'); // the link again, opened afresh (not a jump within the page)
		await holder.goto(link);
		await holder.getByText(/This sign-in link has expired or has been used/).waitFor({ timeout: 15_000 });
		await holder.context().close();
	});
});

describe('the roster', () => {
	const ROSTER = rosterFile([
		rosterRow({
			code: 'HC-9001',
			legal_name: '=HYPERLINK("http://x.test","Pat")',
			race_ethnicity: '',
			gender: ''
		}),
		rosterRow({
			code: 'HC-9002',
			legal_name: 'Dee Baca',
			date_of_birth: '1990-02-30',
			race_ethnicity: '',
			gender: ''
		}),
		rosterRow({ code: 'HC-9003', legal_name: 'Eli Duran', pathway: 'bus', race_ethnicity: '', gender: '' }),
		rosterRow({
			code: 'HC-9004',
			legal_name: 'Lupe Montoya',
			status: 'exited',
			race_ethnicity: '',
			gender: ''
		})
	]);

	it('offers the template with the header row', async () => {
		await page.goto(`${board.origin}/admin/roster`);
		await page.getByRole('heading', { name: 'Roster import', level: 1 }).waitFor();
		const href = await page.getByRole('link', { name: 'Download the template' }).getAttribute('href');
		const template = await page.request.get(`${board.origin}${href}`);
		expect((await template.text()).replace('\ufeff', '')).toBe(
			'code,legal_name,aliases,date_of_birth,race_ethnicity,gender,status,case_manager_email,referral_date,pathway,offence_category,next_court_date\r\n'
		);
		expect(await axeViolations(page)).toEqual([]);
	});

	it('names each bad row with its line and reason in a check, and imports nothing', async () => {
		await upload('Roster file (CSV, UTF-8)', 'roster.csv', ROSTER);
		await page.getByRole('button', { name: 'Check the file' }).click();
		await summary(/4 rows read: 2 participants would be imported; 2 with problems \(not imported\)/);
		const rows = await problemRows();
		expect(rows.map(([line, code]) => [line, code])).toEqual([
			['3', 'HC-9002'],
			['4', 'HC-9003']
		]);
		expect(rows[0][2]).toMatch(/date of birth/i);
		expect(rows[1][2]).toMatch(/pathway/i);
		expect(await axeViolations(page)).toEqual([]);
	});

	it('imports the good rows once, keeping a formula-like name as text', async () => {
		await page.getByRole('button', { name: 'Import the roster' }).click();
		await summary(/4 rows read: 2 participants imported; 2 with problems/);
		await upload('Roster file (CSV, UTF-8)', 'roster.csv', ROSTER);
		await page.getByRole('button', { name: 'Import the roster' }).click();
		await summary(/4 rows read: 0 participants imported; 2 already on the board/);

		const facilitator = await (await browser.newContext({ viewport: VIEWPORTS.laptop })).newPage();
		await new SignInPage(facilitator, board.origin).signIn('facilitator@demo.test');
		const boardPage = new BoardPage(facilitator, board.origin);
		await boardPage.open();
		const row = boardPage.row('HC-9001');
		await row.first().waitFor({ timeout: 15_000 });
		expect(await row.first().textContent()).toContain('=HYPERLINK("http://x.test","Pat")');
		expect(await boardPage.row('HC-9002').count()).toBe(0);
		await facilitator.context().close();
	});
});

describe('a returning person', () => {
	it('is found by a close spelling and referred again on the same record', async () => {
		const officer = await (await browser.newContext({ viewport: VIEWPORTS.laptop })).newPage();
		await new SignInPage(officer, board.origin).signIn('officer@demo.test');
		await officer.goto(`${board.origin}/referrals/new`);
		await officer.getByRole('heading', { name: 'New referral' }).waitFor();
		await officer.getByLabel('Social contact').check();
		await officer.getByLabel('Legal name').fill('Lupe Montoia');
		const again = officer.getByRole('button', { name: 'Refer Lupe Montoya again' });
		await again.waitFor({ timeout: 15_000 });
		expect(await officer.getByRole('listitem').filter({ hasText: 'Lupe Montoya' }).textContent()).toContain(
			'HC-9004'
		);
		expect(await axeViolations(officer)).toEqual([]);

		await again.click();
		await officer.getByText(/Referring Lupe Montoya \(HC-9004\) again/).waitFor();
		await officer.getByRole('button', { name: 'Save referral' }).click();
		await officer.getByRole('heading', { name: 'Timeline' }).waitFor({ timeout: 15_000 });
		expect(await officer.getByText('HC-9004').count()).toBeGreaterThan(0);
		// The same record (code HC-9004, imported as exited) is back in LEAD as referred.
		expect(await officer.getByText('Referred', { exact: true }).count()).toBeGreaterThan(0);
		await officer.goto(`${board.origin}/board`);
		await officer.getByRole('heading', { name: 'Participant board' }).waitFor();
		await officer.getByRole('row').filter({ hasText: 'HC-9004' }).first().waitFor({ timeout: 15_000 });
		expect(await officer.getByRole('row').filter({ hasText: 'Lupe Montoya' }).count()).toBe(1);
		await officer.context().close();
	});
});
