/** The frame around every signed-in page: who I am, the connection state, who is here. */
import type { Locator, Page } from 'playwright-core';

export class AppShell {
	constructor(private readonly page: Page) {}

	get whoIsHere(): Locator {
		return this.page.getByTestId('who-is-here');
	}

	person(name: string): Locator {
		return this.whoIsHere.getByRole('listitem').filter({ hasText: name });
	}

	get connection(): Locator {
		return this.page
			.getByRole('status')
			.filter({ hasText: /Live|Connecting|Reconnecting|Offline|Signed out/ });
	}

	get me(): Locator {
		return this.page.getByTestId('me');
	}
}
