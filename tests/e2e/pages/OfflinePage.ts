/** What the service worker shows a navigation with no signal: the shell and the outbox's count. */
import type { Locator, Page } from 'playwright-core';

export class OfflinePage {
	constructor(private readonly page: Page) {}

	get heading(): Locator {
		return this.page.getByRole('heading', { name: 'No connection' });
	}

	get state(): Locator {
		return this.page.getByTestId('offline-state');
	}

	get waiting(): Locator {
		return this.page.getByTestId('offline-waiting');
	}
}
