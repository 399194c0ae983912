/**
 * A meeting's notes as a person uses them: the editor, its toolbar, the lines around it. The same
 * parts make the live meeting's third column, so the locators serve there too.
 */
import type { Locator, Page } from 'playwright-core';

export class NotesPage {
	constructor(
		readonly page: Page,
		private readonly origin: string
	) {}

	async open(meetingId: string): Promise<void> {
		await this.visit(meetingId);
		await this.editor.waitFor({ state: 'visible', timeout: 15_000 });
	}

	/** The page as it first renders, before the editor (fetched on demand) has arrived. */
	async visit(meetingId: string): Promise<void> {
		await this.page.goto(`${this.origin}/meetings/${meetingId}/notes`);
		await this.readers.waitFor({ state: 'visible', timeout: 15_000 });
	}

	/** What holds the editor's place while its code is on the way. */
	get placeholder(): Locator {
		return this.page.getByRole('status').filter({ hasText: 'Loading the notes…' });
	}

	/** The message shown when the editor's code could not be fetched. */
	get unavailable(): Locator {
		return this.page.getByRole('alert').filter({ hasText: 'could not be loaded' });
	}

	get editor(): Locator {
		return this.page.getByRole('textbox', { name: 'Meeting notes' });
	}

	get connection(): Locator {
		return this.page.getByRole('status').filter({ hasText: /^(Live|Connecting…|Reconnecting…|Offline)/ });
	}

	get readers(): Locator {
		return this.page.getByTestId('notes-readers');
	}

	get presence(): Locator {
		return this.page.getByTestId('notes-presence');
	}

	tool(name: string): Locator {
		return this.page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name });
	}

	/** The label on another editor's caret, e.g. "Priya Natarajan · Prosecution". */
	caretLabel(text: string): Locator {
		return this.page.locator('.collaboration-carets__label', { hasText: text });
	}

	/** Puts the caret at the end of the last paragraph holding `start`. */
	async clickEndOf(start: string): Promise<void> {
		await this.editor.locator('p', { hasText: start }).last().click();
		await this.page.keyboard.press('End');
	}

	/** Puts the caret at the very end of the notes, whatever they already hold. */
	async clickEndOfNotes(): Promise<void> {
		await this.editor.click();
		await this.page.keyboard.press('Control+End');
	}

	/** The notes' text without the other editors' caret labels (drawn inside the text). */
	async text(): Promise<string> {
		const raw = await this.editor.evaluate((element) => {
			const copy = element.cloneNode(true) as HTMLElement;
			for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
			return [...copy.children].map((block) => block.textContent ?? '').join('\n');
		});
		return raw.replace(/[ \t]+/g, ' ').trim();
	}
}
