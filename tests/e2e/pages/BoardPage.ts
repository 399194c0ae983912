/** The participant board as people use it: rows they scan, a search box, a New referral button. */
import type { Locator, Page } from 'playwright-core';

export class BoardPage {
	constructor(
		private readonly page: Page,
		private readonly origin: string
	) {}

	async open(): Promise<void> {
		await this.page.goto(`${this.origin}/board`);
		await this.page.getByRole('heading', { name: 'Participant board' }).waitFor();
	}

	row(text: string): Locator {
		return this.page.getByRole('row').filter({ hasText: text });
	}

	async openParticipant(text: string): Promise<void> {
		await this.row(text).getByRole('link').first().click();
		await this.page.getByRole('heading', { name: 'Timeline' }).waitFor();
	}
}
