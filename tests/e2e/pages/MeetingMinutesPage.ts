/** The minutes: approve, then print. */
import type { Locator, Page } from 'playwright-core';

export class MeetingMinutesPage {
	constructor(readonly page: Page) {}

	get approvedLine(): Locator {
		return this.page.getByTestId('approved-line');
	}

	async approve(): Promise<void> {
		await this.page.getByRole('button', { name: 'Approve the minutes' }).click();
		await this.approvedLine.waitFor({ timeout: 10_000 });
	}
}
