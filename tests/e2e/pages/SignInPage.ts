/**
 * The sign-in pages as a person uses them: email and password, the authenticator code when the
 * account has one, then the system-use notice, which `signIn` acknowledges when it is shown.
 */
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_TOTP_ACCOUNT } from '../../../src/lib/server/demo/seed';
import { demoTotpCode } from '../../helpers/board';

export interface SignInSteps {
	/** Called when the code step appears; returns the code to type (default for the demo account: its seeded secret). */
	totpCode?: () => Promise<string>;
}

export class SignInPage {
	constructor(
		private readonly page: Page,
		private readonly origin: string
	) {}

	/** Email and password only; resolves once the next page (code, notice or board) has loaded. */
	async submitPassword(email: string, password = DEMO_PASSWORD): Promise<void> {
		await this.page.goto(`${this.origin}/signin`);
		await this.page.getByLabel('Email').fill(email);
		await this.page.getByLabel('Password').fill(password);
		await this.page.getByRole('button', { name: 'Sign in' }).click();
		// The enhanced form navigates client-side, which fires no load event: watch the path instead
		// (on a timer: animation frames do not run in a page the browser considers hidden).
		await this.page.waitForFunction(() => location.pathname !== '/signin', undefined, {
			timeout: 15_000,
			polling: 100
		});
		await this.page.waitForLoadState('domcontentloaded');
	}

	async submitCode(code: string): Promise<void> {
		await this.page.getByLabel('6-digit code').fill(code);
		await this.page.getByRole('button', { name: 'Verify and continue' }).click();
	}

	/** The notice's one button; the board follows. */
	async acknowledgeNotice(): Promise<void> {
		await this.page.getByRole('button', { name: 'I understand and agree' }).click();
	}

	/** Signs in all the way to the board, taking whichever steps the account has. */
	async signIn(email: string, password = DEMO_PASSWORD, steps: SignInSteps = {}): Promise<void> {
		await this.submitPassword(email, password);
		if (new URL(this.page.url()).pathname === '/signin/two-factor') {
			const totpCode = steps.totpCode ?? (email === DEMO_TOTP_ACCOUNT ? demoTotpCode : undefined);
			if (!totpCode) throw new Error(`${email} signs in with an authenticator code`);
			await this.submitCode(await totpCode());
			await this.page.waitForFunction(() => location.pathname !== '/signin/two-factor', undefined, {
				timeout: 15_000,
				polling: 100
			});
		}
		if (new URL(this.page.url()).pathname === '/notice') await this.acknowledgeNotice();
		// The signed-in shell is the sign that it worked.
		await this.page.getByTestId('me').waitFor({ state: 'visible', timeout: 15_000 });
	}
}
