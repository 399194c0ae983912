/** The live meeting as one person has it open: agenda, "now discussing", follow control, forms. */
import type { Locator, Page } from 'playwright-core';

export class MeetingLivePage {
	constructor(
		readonly page: Page,
		private readonly origin: string
	) {}

	async open(meetingId: string): Promise<void> {
		await this.page.goto(`${this.origin}/meetings/${meetingId}/live`);
		await this.nowDiscussing.waitFor();
	}

	get nowDiscussing(): Locator {
		return this.page.getByTestId('now-discussing');
	}

	get followState(): Locator {
		return this.page.getByTestId('follow-state');
	}

	/** "Item 2 of 14" of the item this screen shows. */
	async position(): Promise<string> {
		return (await this.nowDiscussing.locator('.kicker').textContent())?.match(/Item \d+ of \d+/)?.[0] ?? '';
	}

	async waitForPosition(text: string): Promise<void> {
		await this.nowDiscussing
			.locator('.kicker', { hasText: new RegExp(`${text}\\b`) })
			.waitFor({ timeout: 10_000 });
	}

	async participantId(): Promise<string | null> {
		return this.nowDiscussing.getAttribute('data-participant-id');
	}

	async next(): Promise<void> {
		await this.page.getByRole('button', { name: 'Next item →' }).click();
	}

	/** Looks at another agenda item (a follower steps away; the facilitator moves everyone). */
	async pickItem(position: number): Promise<void> {
		await this.page
			.getByTestId('live-agenda')
			.locator('li')
			.nth(position - 1)
			.getByRole('button')
			.click();
	}

	async recordDecision(d: { kind: string; text: string; agencies: string[] }): Promise<void> {
		const form = this.page.getByRole('form', { name: 'Record a decision' });
		await form.getByLabel('Kind of decision').selectOption({ label: d.kind });
		await form.getByLabel('Decision', { exact: true }).fill(d.text);
		for (const a of d.agencies) await form.getByRole('checkbox', { name: a, exact: true }).check();
		await form.getByRole('button', { name: 'Record decision' }).click();
		await this.nowDiscussing.locator('..').getByText(d.text).first().waitFor({ timeout: 10_000 });
	}

	async end(): Promise<void> {
		await this.page.getByRole('button', { name: 'End the meeting' }).click();
		await this.page.waitForURL(/\/minutes$/, { timeout: 15_000 });
	}
}
