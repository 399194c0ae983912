/**
 * De-identified data for evaluators, in Chromium: the administrator opens a study on the
 * evaluation page; the evaluator finds the page from home, downloads the study's export and finds
 * in it one row per person and no group of quasi-identifiers under the program's threshold; the
 * download then shows in the page's history. Every state of the page passes the accessibility
 * scan, and is photographed on a laptop and on the projector.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupSizes } from '../../src/lib/server/evaluation/k-anonymity';
import { axeViolations } from '../helpers/axe';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { ARTIFACTS, launchChromium, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { AppShell } from './pages/AppShell';
import { EvaluationPage } from './pages/EvaluationPage';
import { SignInPage } from './pages/SignInPage';

const STUDY = 'Housing after enrolment, 2026';

let board: TestBoard;
let browser: Browser;

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
}, 60_000);
afterAll(async () => {
	await closeBrowser(browser);
	await board?.stop();
});

async function signedIn(email: string, viewport = VIEWPORTS.laptop): Promise<Page> {
	const context = await browser.newContext({ viewport, acceptDownloads: true });
	const page = await context.newPage();
	await new SignInPage(page, board.origin).signIn(email);
	return page;
}

async function expectAccessible(page: Page): Promise<void> {
	expect(await axeViolations(page)).toEqual([]);
}

/** The rows of a CSV file of the export (its cells hold no line breaks). */
function rows(text: string): Record<string, string>[] {
	const cells = (line: string) =>
		[...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] ?? m[2]).replace(/""/g, '"'));
	const [header, ...body] = text.split('\r\n').filter(Boolean).map(cells);
	return body.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
}

describe('data for evaluators', () => {
	it('lets the administrator open a study, saying what is wrong with a form that is not ready', async () => {
		const admin = await signedIn('admin@demo.test');
		await new AppShell(admin).openFromAdministration('Evaluation data');
		const evaluation = new EvaluationPage(admin, board.origin);
		await evaluation.heading.waitFor();
		await expect.poll(() => evaluation.studies.textContent()).toContain('No study is open yet');
		await expectAccessible(admin);

		await evaluation.openStudy('H', 'Housing.');
		await evaluation.openForm.getByText('Give the study a name of at least 3 characters.').waitFor();
		await evaluation.openForm.getByText('Say in a sentence what the study is for.').waitFor();
		await expectAccessible(admin);

		await evaluation.openStudy(
			STUDY,
			'Permanent housing obtained within a year of enrolment, for the county.'
		);
		await admin
			.getByRole('status')
			.filter({ hasText: `Study opened: ${STUDY}.` })
			.waitFor();
		await evaluation.study(STUDY).waitFor();
		expect(await evaluation.study(STUDY).getByRole('link').count()).toBe(0);
		await admin.context().close();
	});

	it('leads the evaluator from home to the study, downloads its export and lists the download', async () => {
		const page = await signedIn('evaluator@demo.test');
		await page.getByRole('link', { name: 'Download de-identified data' }).click();
		const evaluation = new EvaluationPage(page, board.origin);
		await evaluation.heading.waitFor();
		await expect.poll(() => evaluation.downloads.textContent()).toContain('Nothing has been downloaded yet.');
		await expectAccessible(page);

		const download = await evaluation.download(STUDY);
		expect(download.suggestedFilename()).toMatch(/^evaluation-housing-after-enrolment-2026-\d{8}\.zip$/);
		const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
		expect(Object.keys(files).sort()).toEqual([
			'README.txt',
			'data-dictionary.csv',
			'events.csv',
			'participants.csv'
		]);
		const people = rows(strFromU8(files['participants.csv']));
		expect(people.length).toBeGreaterThan(50);
		const quasi = people.map((r) => ({
			ageBand: r.age_band,
			raceEthnicity: r.race_ethnicity,
			gender: r.gender,
			neighbourhood: r.neighbourhood
		}));
		expect(Math.min(...groupSizes(quasi).values())).toBeGreaterThanOrEqual(11);

		await evaluation.open();
		const history = evaluation.downloads.getByRole('row').filter({ hasText: STUDY });
		await history.waitFor();
		expect(await history.textContent()).toContain('Kwame Osei');
		expect(await history.textContent()).toContain(String(people.length));
		// The dictionary's long lists of values, opened.
		for (const values of await page.locator('details').all()) await values.locator('summary').click();
		await expectAccessible(page);
		await page.screenshot({ path: `${ARTIFACTS}/evaluation-evaluator-laptop.png`, fullPage: true });
		await page.context().close();
	});

	it('reads well on the projector', async () => {
		const page = await signedIn('evaluator@demo.test', VIEWPORTS.projector);
		const evaluation = new EvaluationPage(page, board.origin);
		await evaluation.open();
		await evaluation.study(STUDY).waitFor();
		await expectAccessible(page);
		await page.screenshot({ path: `${ARTIFACTS}/evaluation-evaluator-projector.png` });
		await page.context().close();
	});
});
