/** The sign-in page as a person uses it: type email and password, press the button. */
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../src/lib/server/demo/seed';

export class SignInPage {
	constructor(
		private readonly page: Page,
		private readonly origin: string
	) {}

	async signIn(email: string, password = DEMO_PASSWORD): Promise<void> {
		await this.page.goto(`${this.origin}/signin`);
		await this.page.getByLabel('Email').fill(email);
		await this.page.getByLabel('Password').fill(password);
		await this.page.getByRole('button', { name: 'Sign in' }).click();
		// The enhanced form navigates client-side; the signed-in shell is the sign that it worked.
		await this.page.getByTestId('me').waitFor({ state: 'visible', timeout: 15_000 });
	}
}
