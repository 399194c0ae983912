/**
 * The participant board as people use it: rows they scan (cards on a phone), a search box, a New
 * referral button.
 */
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

	/** On a phone: the list of cards, and the card holding `text`. */
	get cards(): Locator {
		return this.page.getByTestId('roster-cards');
	}

	/** Every card (a card's flags are list items too, so cards are found by their participant). */
	get cardItems(): Locator {
		return this.cards.locator('li[data-participant-id]');
	}

	card(text: string): Locator {
		return this.cardItems.filter({ hasText: text });
	}

	/** The phone's "My caseload" / "Everyone" choice. */
	scope(name: 'My caseload' | 'Everyone'): Locator {
		return this.cards.getByRole('radio', { name: new RegExp(`^${name}`) });
	}

	/** The visually hidden line that tells a screen reader what just changed. */
	get announcement(): Locator {
		return this.page.getByTestId('board-announcement');
	}

	async openParticipant(text: string): Promise<void> {
		await this.row(text).getByRole('link').first().click();
		await this.page.getByRole('heading', { name: 'Timeline' }).waitFor();
	}
}
