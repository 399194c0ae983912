/** The notifications page and the header's count, as a person uses them. */
import type { Locator, Page } from 'playwright-core';

export class NotificationsPage {
	constructor(
		private readonly page: Page,
		private readonly origin: string
	) {}

	/** The header's link, with its unread count. */
	get headerLink(): Locator {
		return this.page.getByTestId('notifications-link');
	}

	/** The unread count the header shows (0 when it shows none). */
	async headerCount(): Promise<number> {
		const text = (await this.headerLink.textContent()) ?? '';
		const match = /(\d+)\s*unread/.exec(text);
		return match ? Number(match[1]) : 0;
	}

	async open(): Promise<void> {
		await this.page.goto(`${this.origin}/notifications`);
		await this.page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
	}

	/** The notification items whose text holds `text`. */
	item(text: string | RegExp): Locator {
		return this.page
			.getByRole('list', { name: 'Your notifications' })
			.getByRole('listitem')
			.filter({ hasText: text });
	}
}
