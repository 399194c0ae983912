/** The room screen on the projector. */
import type { Locator, Page } from 'playwright-core';

export class MeetingRoomPage {
	constructor(
		readonly page: Page,
		private readonly origin: string
	) {}

	async open(meetingId: string): Promise<void> {
		await this.page.goto(`${this.origin}/meetings/${meetingId}/room`);
		await this.title.waitFor({ timeout: 15_000 });
	}

	get title(): Locator {
		return this.page.getByTestId('room-title');
	}

	get name(): Locator {
		return this.page.getByTestId('room-name');
	}

	get audience(): Locator {
		return this.page.getByTestId('room-audience');
	}
}
