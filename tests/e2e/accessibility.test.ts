/**
 * WCAG 2.2 A/AA as axe-core finds it, on every page people use, in the state they meet it: signed
 * in as the role that uses it, the live connection up, the meeting built and running. One board
 * and one signed-in browser context per role serve the whole file.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART2_NOTICE } from '../../src/lib/shared/participant-labels';
import { BUSY_PAGE } from '../../src/lib/server/http/busy-page';
import { axeViolations } from '../helpers/axe';
import { connectSocket, signIn, startTestBoard, type TestBoard, type TestSocket } from '../helpers/board';
import { launchChromium, PHONE, VIEWPORTS, closeBrowser } from '../helpers/browser';
import { AppShell } from './pages/AppShell';
import { BoardPage } from './pages/BoardPage';
import { EvaluationPage } from './pages/EvaluationPage';
import { MeetingLivePage } from './pages/MeetingLivePage';
import { MeetingPage } from './pages/MeetingPage';
import { MeetingRoomPage } from './pages/MeetingRoomPage';
import { NotesPage } from './pages/NotesPage';
import { ParticipantPage } from './pages/ParticipantPage';
import { SignInPage } from './pages/SignInPage';

let board: TestBoard;
let browser: Browser;
const pages = new Map<string, Page>();
/** The rest of the workgroup, signed in elsewhere: a meeting day's "who is here", not an empty one. */
const CROWD = [
	'sergeant@demo.test',
	'defender@demo.test',
	'supervisor@demo.test',
	'pcg@demo.test',
	'evaluator@demo.test'
];
const crowd: TestSocket[] = [];

beforeAll(async () => {
	board = await startTestBoard();
	browser = await launchChromium();
	for (const email of CROWD) crowd.push(await connectSocket(board, await signIn(board, email)));
});
afterAll(async () => {
	for (const socket of crowd) socket.close();
	await closeBrowser(browser);
	await board?.stop();
});

async function freshPage(viewport = VIEWPORTS.laptop): Promise<Page> {
	const context = await browser.newContext({ viewport });
	return context.newPage();
}

/** A phone (390x844, touch) signed in as `email`: the layouts people use in the field. */
async function onPhone(email: string): Promise<Page> {
	const context = await browser.newContext(PHONE);
	const page = await context.newPage();
	await new SignInPage(page, board.origin).signIn(email);
	return page;
}

/** The one signed-in page of this role, signed in on first use. */
async function as(email: string): Promise<Page> {
	let page = pages.get(email);
	if (!page) {
		page = await freshPage();
		await new SignInPage(page, board.origin).signIn(email);
		pages.set(email, page);
	}
	return page;
}

/** Waits until the header strip says the page's live connection is up and shows who else is here. */
async function live(page: Page): Promise<void> {
	const strip = page.getByRole('region', { name: 'Who is here' });
	await strip
		.getByRole('status')
		.filter({ hasText: /^\s*Live\b/ })
		.waitFor({ timeout: 15_000 });
	// The evaluator is the last of the crowd to connect: once here, the strip is as full as it gets.
	await strip.getByRole('listitem').filter({ hasText: 'Kwame Osei' }).waitFor({ timeout: 15_000 });
}

/** Waits until the notes on this page say their own connection is up. */
async function notesLive(page: Page): Promise<void> {
	await page
		.getByRole('region', { name: 'Notes', exact: true })
		.getByRole('status')
		.filter({ hasText: /^\s*Live\b/ })
		.waitFor({ timeout: 15_000 });
}

async function expectNoViolations(page: Page): Promise<void> {
	expect(await axeViolations(page)).toEqual([]);
}

/** Opens the first participant whose board row holds `text`; answers the participant page's path. */
async function participantPath(page: Page, text: string): Promise<string> {
	const boardPage = new BoardPage(page, board.origin);
	await boardPage.open();
	await boardPage.openParticipant(text);
	return new URL(page.url()).pathname;
}

describe('the check itself', () => {
	it('names the rule, the help text and the failing element, and leaves out only a listed exception', async () => {
		const page = await freshPage();
		await page.setContent(
			'<html lang="en"><title>Check</title><main><input id="unlabelled"><input id="also-unlabelled"></main></html>'
		);
		const [violation] = await axeViolations(page);
		expect(violation).toMatchObject({ rule: 'label', impact: 'critical' });
		expect(violation.help).toMatch(/labels?/i);
		expect(violation.nodes.map((n) => n.selector)).toEqual(['#unlabelled', '#also-unlabelled']);
		const excepted = await axeViolations(page, [{ rule: 'label', selector: '#unlabelled', why: 'check' }]);
		expect(excepted.flatMap((v) => v.nodes.map((n) => n.selector))).toEqual(['#also-unlabelled']);
		await page.close();
	});
});

describe('signing in', () => {
	it('has an accessible sign-in page and system-use notice', async () => {
		const page = await freshPage();
		await page.goto(`${board.origin}/signin`);
		await page.getByRole('heading', { name: 'Sign in' }).waitFor();
		await expectNoViolations(page);

		const steps = new SignInPage(page, board.origin);
		await steps.submitPassword('admin@demo.test');
		expect(new URL(page.url()).pathname).toBe('/notice');
		await page.getByRole('button', { name: 'I understand and agree' }).waitFor();
		await expectNoViolations(page);

		await steps.acknowledgeNotice();
		await page.getByTestId('me').waitFor({ state: 'visible', timeout: 15_000 });
		pages.set('admin@demo.test', page);
	});

	it('has an accessible authenticator-code step', async () => {
		const page = await freshPage();
		await new SignInPage(page, board.origin).submitPassword('supervisor@demo.test');
		expect(new URL(page.url()).pathname).toBe('/signin/two-factor');
		await page.getByLabel('6-digit code').waitFor();
		await expectNoViolations(page);
		await page.context().close();
	});
});

describe('the board and participants', () => {
	let participant: string;

	it('has an accessible board for a case manager, on a laptop and on the projector', async () => {
		const page = await as('casemanager@demo.test');
		await new BoardPage(page, board.origin).open();
		await live(page);
		await expectNoViolations(page);
		await page.setViewportSize(VIEWPORTS.projector);
		try {
			await expectNoViolations(page);
		} finally {
			await page.setViewportSize(VIEWPORTS.laptop);
		}
	});

	it('has an accessible board for a police officer, on a laptop and on the projector', async () => {
		const page = await as('officer@demo.test');
		await new BoardPage(page, board.origin).open();
		await live(page);
		await expectNoViolations(page);
		await page.setViewportSize(VIEWPORTS.projector);
		try {
			await expectNoViolations(page);
		} finally {
			await page.setViewportSize(VIEWPORTS.laptop);
		}
	});

	it('has an accessible participant page for the case manager, with their consents', async () => {
		const page = await as('casemanager@demo.test');
		participant = await participantPath(page, 'Jordan Ortiz');
		await live(page);
		const record = new ParticipantPage(page);
		await record.recordConsent({
			recipient: 'County Prosecuting Attorney',
			categories: ['Legal matters'],
			purpose: 'Coordinate charging decisions with the service plan',
			validUntil: '2099-06-01'
		});
		// The consent view as it is worked in: the consents listed, the form to record another open.
		const recipient = record.panel('Consents').getByLabel('Who may receive it');
		if (!(await recipient.isVisible())) {
			await record.panel('Consents').locator('summary', { hasText: 'Record a consent' }).click();
		}
		await recipient.waitFor();
		await expectNoViolations(page);
	});

	it('has an accessible participant page for police, with the redacted fields said so', async () => {
		const page = await as('officer@demo.test');
		await page.goto(`${board.origin}${participant}`);
		await page.getByRole('heading', { name: 'Timeline' }).waitFor();
		await live(page);
		await page
			.getByText(/not shared with your agency/)
			.first()
			.waitFor();
		await expectNoViolations(page);
	});

	it('has an accessible referral form', async () => {
		const page = await as('officer@demo.test');
		await new BoardPage(page, board.origin).open();
		await page.getByRole('link', { name: 'New referral' }).click();
		await page.getByRole('heading', { name: 'New referral' }).waitFor();
		await live(page);
		await expectNoViolations(page);
	});
});

describe('on a phone, in the field', () => {
	let phone: Page;

	it('has an accessible board of cards for a case manager, with the filters open and folded', async () => {
		phone = await onPhone('casemanager@demo.test');
		const boardPage = new BoardPage(phone, board.origin);
		await boardPage.open();
		await boardPage.cardItems.first().waitFor();
		await live(phone);
		await expectNoViolations(phone);
		await phone.getByRole('button', { name: /^Filters/ }).tap();
		await phone.getByLabel('Status', { exact: true }).waitFor();
		await expectNoViolations(phone);
	});

	it('has an accessible participant page with the quick actions open', async () => {
		const boardPage = new BoardPage(phone, board.origin);
		await boardPage.cardItems.first().getByRole('link').tap();
		const record = new ParticipantPage(phone);
		await record.timelineHeading.waitFor();
		await live(phone);
		await expectNoViolations(phone);
		await record.action('Log a contact').tap();
		await phone.getByLabel('Short note').waitFor();
		await expectNoViolations(phone);
	});

	it('has an accessible participant page for police on a phone, with the redactions said', async () => {
		const page = await onPhone('officer@demo.test');
		const boardPage = new BoardPage(page, board.origin);
		await boardPage.open();
		await boardPage.cardItems.first().getByRole('link').tap();
		await new ParticipantPage(page).timelineHeading.waitFor();
		await live(page);
		await page
			.getByText(/not shared with your agency/)
			.first()
			.waitFor();
		await expectNoViolations(page);
	});
});

describe('notifications and personal settings', () => {
	it('has an accessible notifications page for a case manager, on a laptop and on a phone', async () => {
		const laptop = await as('casemanager@demo.test');
		await laptop.goto(`${board.origin}/notifications`);
		// The demo's assessment clocks are swept into notifications as the board starts.
		await laptop.getByRole('list', { name: 'Your notifications' }).getByRole('listitem').first().waitFor();
		await live(laptop);
		await expectNoViolations(laptop);

		const phone = await onPhone('casemanager@demo.test');
		await phone.goto(`${board.origin}/notifications`);
		await phone.getByRole('list', { name: 'Your notifications' }).getByRole('listitem').first().waitFor();
		await live(phone);
		await expectNoViolations(phone);
	});

	it('has an accessible settings page, on a laptop and on a phone', async () => {
		const laptop = await as('defender@demo.test');
		await laptop.goto(`${board.origin}/settings`);
		await laptop.getByRole('button', { name: 'Save choices' }).waitFor();
		await live(laptop);
		await expectNoViolations(laptop);

		const phone = await onPhone('defender@demo.test');
		await phone.goto(`${board.origin}/settings`);
		await phone.getByRole('button', { name: 'Save choices' }).waitFor();
		await live(phone);
		await expectNoViolations(phone);
	});
});

describe('on paper', () => {
	async function signedInOnLaptop(email: string): Promise<Page> {
		const page = await freshPage();
		await new SignInPage(page, board.origin).signIn(email);
		return page;
	}

	/** Scans a print page as it opens on screen, then as the print dialog lays it out. */
	async function expectPaperAccessible(page: Page): Promise<void> {
		await page.getByTestId('paper').waitFor();
		await expectNoViolations(page);
		await page.emulateMedia({ media: 'print' });
		try {
			await expectNoViolations(page);
		} finally {
			await page.emulateMedia({ media: null });
		}
	}

	it('has an accessible participant summary for court, with its Part 2 notice', async () => {
		const page = await signedInOnLaptop('casemanager@demo.test');
		await page.goto(`${board.origin}${await participantPath(page, 'Jordan Ortiz')}/print`);
		await page.getByText(PART2_NOTICE).first().waitFor();
		await expectPaperAccessible(page);
	});

	it('has an accessible meeting packet, redacted for the police officer printing it', async () => {
		const page = await signedInOnLaptop('officer@demo.test');
		await page.goto(`${board.origin}/board/print`);
		await expectPaperAccessible(page);
	});

	it('has an accessible participant summary opened on a phone', async () => {
		const page = await onPhone('casemanager@demo.test');
		const boardPage = new BoardPage(page, board.origin);
		await boardPage.open();
		await boardPage.cardItems.first().getByRole('link').tap();
		await new ParticipantPage(page).timelineHeading.waitFor();
		await page.goto(`${page.url()}/print`);
		await expectPaperAccessible(page);
	});
});

describe('with no signal', () => {
	it('has an accessible offline page', async () => {
		const page = await freshPage(VIEWPORTS.phone);
		await page.goto(`${board.origin}/offline`);
		await page.getByRole('heading', { name: 'No connection' }).waitFor();
		await page.getByText('Nothing you made waits to be sent.').waitFor();
		await expectNoViolations(page);
	});

	it('has an accessible busy page, as load shedding answers a heavy page', async () => {
		const page = await freshPage(VIEWPORTS.phone);
		await page.route(`${board.origin}/board`, (route) =>
			route.fulfill({ status: 503, contentType: 'text/html; charset=utf-8', body: BUSY_PAGE })
		);
		await page.goto(`${board.origin}/board`);
		await page.getByRole('heading', { name: 'The board is busy' }).waitFor();
		await page.getByRole('link', { name: 'Try again now' }).waitFor();
		await expectNoViolations(page);
	});
});

describe('meetings', () => {
	let meetingId: string;

	/** The prosecutor's page on the live meeting, following the facilitator, notes connected. */
	async function prosecutorInTheMeeting(): Promise<Page> {
		const page = await as('prosecutor@demo.test');
		const prosecutor = new MeetingLivePage(page, board.origin);
		if (!page.url().endsWith(`/meetings/${meetingId}/live`)) await prosecutor.open(meetingId);
		await prosecutor.followState.filter({ hasText: 'Following the facilitator' }).waitFor();
		await live(page);
		await new NotesPage(page, board.origin).editor.waitFor({ state: 'visible', timeout: 15_000 });
		await notesLive(page);
		return page;
	}

	it('has an accessible meetings list', async () => {
		const page = await as('facilitator@demo.test');
		await page.goto(`${board.origin}/meetings`);
		await page.getByRole('heading', { name: 'Meetings', exact: true }).waitFor();
		await live(page);
		await expectNoViolations(page);
	});

	it('has an accessible agenda page once the agenda is built from the roster', async () => {
		const page = await as('facilitator@demo.test');
		const meeting = new MeetingPage(page, board.origin);
		meetingId = await meeting.openFromList('Operational workgroup');
		expect(await meeting.buildFromRoster()).toBeGreaterThan(3);
		await live(page);
		await expectNoViolations(page);
	});

	it('has an accessible live meeting for the facilitator who started it', async () => {
		const page = await as('facilitator@demo.test');
		const meeting = new MeetingPage(page, board.origin);
		await meeting.publish();
		await meeting.start();
		await new MeetingLivePage(page, board.origin).nowDiscussing.waitFor();
		await live(page);
		await new NotesPage(page, board.origin).editor.waitFor({ state: 'visible', timeout: 15_000 });
		await notesLive(page);
		await expectNoViolations(page);
	});

	it('has an accessible live meeting for a prosecutor following it', async () => {
		const page = await prosecutorInTheMeeting();
		await expectNoViolations(page);
	});

	it('has an accessible notes page with the editor loaded and another editor’s caret', async () => {
		const page = await as('facilitator@demo.test');
		const notes = new NotesPage(page, board.origin);
		await notes.open(meetingId);
		await notesLive(page);
		// The prosecutor, in the live meeting, types in its notes column: her caret shows here.
		const prosecutorPage = await prosecutorInTheMeeting();
		await new NotesPage(prosecutorPage, board.origin).clickEndOfNotes();
		await prosecutorPage.keyboard.type(' Prosecution present.');
		await notes.caretLabel('Priya Natarajan').waitFor({ timeout: 15_000 });
		await expectNoViolations(page);
	});

	it('has an accessible room screen on the projector', async () => {
		const facilitator = await as('facilitator@demo.test');
		const page = await facilitator.context().newPage();
		await page.setViewportSize(VIEWPORTS.projector);
		const room = new MeetingRoomPage(page, board.origin);
		await room.open(meetingId);
		await page.locator('[data-testid="room-screen"] .state[data-state="live"]').waitFor();
		await room.audience.waitFor();
		await expectNoViolations(page);
		await page.close();
	});

	it('has an accessible minutes page for the last, approved meeting', async () => {
		const page = await as('facilitator@demo.test');
		await page.goto(`${board.origin}/meetings`);
		await page
			.getByRole('region', { name: 'Past meetings and minutes' })
			.getByRole('listitem')
			.filter({ hasText: 'Minutes approved' })
			.first()
			.getByRole('link')
			.click();
		await page.getByTestId('approved-line').waitFor();
		await expectNoViolations(page);
	});
});

describe('administration', () => {
	it('has an accessible Administration menu in the main navigation, open and closed', async () => {
		const page = await as('admin@demo.test');
		const shell = new AppShell(page);
		await live(page);
		expect(await shell.administration.getAttribute('aria-expanded')).toBe('false');
		await shell.administration.click();
		await shell.navigation.getByRole('link', { name: 'Audit trail' }).waitFor();
		expect(await shell.administration.getAttribute('aria-expanded')).toBe('true');
		await expectNoViolations(page);
		// Escape closes it and gives the focus back to its button.
		await page.keyboard.press('Escape');
		await shell.navigation.getByRole('link', { name: 'Audit trail' }).waitFor({ state: 'hidden' });
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Administration');
	});

	it('has an accessible audit trail, reached from the main navigation', async () => {
		const page = await as('admin@demo.test');
		await new AppShell(page).openFromAdministration('Audit trail');
		await page.getByRole('heading', { name: 'Audit trail', exact: true }).waitFor();
		await live(page);
		await expectNoViolations(page);
	});

	it('has an accessible people and roles page', async () => {
		const page = await as('admin@demo.test');
		await new AppShell(page).openFromAdministration('People and roles');
		await page.getByRole('heading', { name: 'People and roles', exact: true }).waitFor();
		await page
			.getByRole('region', { name: /^Accounts in/ })
			.getByRole('table')
			.waitFor();
		await live(page);
		await expectNoViolations(page);
	});
});

describe('data for evaluators', () => {
	it('has an accessible evaluation page for the administrator, with a study opened from it', async () => {
		const page = await as('admin@demo.test');
		await new AppShell(page).openFromAdministration('Evaluation data');
		const evaluation = new EvaluationPage(page, board.origin);
		await evaluation.heading.waitFor();
		await evaluation.openStudy(
			'Arrests after enrolment',
			'New arrests in the year after enrolment, by pathway.'
		);
		await page.getByRole('status').filter({ hasText: 'Study opened: Arrests after enrolment.' }).waitFor();
		await live(page);
		await expectNoViolations(page);
	});

	it('has an accessible evaluation page for an evaluator, reached from home, with the dictionary open', async () => {
		const page = await as('evaluator@demo.test');
		await page.goto(`${board.origin}/`);
		await page.getByRole('link', { name: 'Download de-identified data' }).click();
		const evaluation = new EvaluationPage(page, board.origin);
		await evaluation.study('Arrests after enrolment').waitFor();
		for (const values of await page.locator('details').all()) await values.locator('summary').click();
		await page
			.getByRole('region', { name: 'Who is here' })
			.getByRole('status')
			.filter({ hasText: /^\s*Live\b/ })
			.waitFor({ timeout: 15_000 });
		await expectNoViolations(page);
	});
});
