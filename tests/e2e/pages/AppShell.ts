/**
 * The frame around every signed-in page: who I am, the connection state, who is here, and the main
 * navigation (with its Administration menu for those who set up and keep the program).
 */
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

	/** The changes made offline that the board refused, each with what the record says now. */
	get refusedChanges(): Locator {
		return this.page.getByTestId('refused-change');
	}

	get me(): Locator {
		return this.page.getByTestId('me');
	}

	get navigation(): Locator {
		return this.page.getByRole('navigation', { name: 'Main' });
	}

	get administration(): Locator {
		return this.navigation.getByRole('button', { name: 'Administration' });
	}

	/** Opens the Administration menu and follows one of its links. */
	async openFromAdministration(name: string): Promise<void> {
		await this.administration.click();
		await this.navigation.getByRole('link', { name }).click();
	}

	/** The header's sign-out button; resolves once the sign-in page has loaded. */
	async signOut(): Promise<void> {
		await this.page.getByRole('button', { name: 'Sign out' }).click();
		await this.page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
	}
}
