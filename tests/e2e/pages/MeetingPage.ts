/** A meeting before it happens: build the agenda, reorder it, invite, publish, start. */
import type { Locator, Page } from 'playwright-core';

export class MeetingPage {
	constructor(
		private readonly page: Page,
		private readonly origin: string
	) {}

	async open(meetingId: string): Promise<void> {
		await this.page.goto(`${this.origin}/meetings/${meetingId}`);
		await this.page.getByRole('heading', { name: 'Agenda', exact: true }).waitFor();
	}

	/** Opens the first upcoming meeting of this title from the meetings list; answers its id. */
	async openFromList(title: string): Promise<string> {
		await this.page.goto(`${this.origin}/meetings`);
		await this.page.getByRole('link', { name: title }).first().click();
		await this.page.getByRole('heading', { name: 'Agenda', exact: true }).waitFor();
		return new URL(this.page.url()).pathname.split('/').at(-1)!;
	}

	get agendaItems(): Locator {
		return this.page.getByTestId('agenda-editor').locator('li[data-item-id]');
	}

	async buildFromRoster(): Promise<number> {
		await this.page.getByRole('button', { name: 'Build agenda from roster' }).click();
		await this.page
			.getByRole('status')
			.filter({ hasText: /from the roster/ })
			.waitFor();
		return this.agendaItems.count();
	}

	async itemIds(): Promise<string[]> {
		return this.agendaItems.evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id') ?? ''));
	}

	/** The keyboard way to reorder: the "Move down" button of the item at `index`. */
	async moveDown(index: number): Promise<void> {
		const before = await this.itemIds();
		await this.agendaItems
			.nth(index)
			.getByRole('button', { name: /^Move down/ })
			.click();
		await this.page.waitForFunction(
			([id, at]) => {
				const rows = document.querySelectorAll('[data-testid="agenda-editor"] li[data-item-id]');
				return rows.item(at)?.getAttribute('data-item-id') === id;
			},
			[before[index], index + 1] as const,
			{ timeout: 10_000 }
		);
	}

	async inviteAgency(name: string): Promise<void> {
		await this.page.locator('summary', { hasText: 'Details and invitations' }).click();
		await this.page.getByRole('checkbox', { name }).check();
		const saved = this.page.waitForResponse(
			(r) => r.url().includes('?/details') && r.request().method() === 'POST'
		);
		await this.page.getByRole('button', { name: 'Save details' }).click();
		await saved;
	}

	async publish(): Promise<void> {
		await this.page.getByRole('button', { name: 'Publish agenda' }).click();
		await this.page.getByText('Agenda published').first().waitFor();
	}

	async start(): Promise<void> {
		await this.page.getByRole('button', { name: 'Start the meeting' }).click();
		await this.page.waitForURL(/\/live$/, { timeout: 15_000 });
	}
}
