/** The evaluation data page as its people use it: studies, the form that opens one, downloads. */
import type { Download, Locator, Page } from 'playwright-core';

export class EvaluationPage {
	constructor(
		private readonly page: Page,
		private readonly origin: string
	) {}

	async open(): Promise<void> {
		await this.page.goto(`${this.origin}/evaluation`);
		await this.heading.waitFor();
	}

	get heading(): Locator {
		return this.page.getByRole('heading', { name: 'Data for evaluators', level: 1 });
	}

	get studies(): Locator {
		return this.page.getByRole('region', { name: 'Studies' });
	}

	study(name: string): Locator {
		return this.studies.getByRole('listitem').filter({ has: this.page.getByRole('heading', { name }) });
	}

	get openForm(): Locator {
		return this.page.getByRole('region', { name: 'Open a study' });
	}

	get downloads(): Locator {
		return this.page.getByRole('region', { name: 'Latest downloads' });
	}

	/** Fills and sends the form that opens a study. */
	async openStudy(name: string, purpose: string): Promise<void> {
		await this.openForm.getByLabel('Name').fill(name);
		await this.openForm.getByLabel('What the study is for').fill(purpose);
		await this.openForm.getByRole('button', { name: 'Open study' }).click();
	}

	/** Clicks a study's download and answers the browser's download once it has started. */
	async download(studyName: string): Promise<Download> {
		const started = this.page.waitForEvent('download', { timeout: 30_000 });
		await this.study(studyName)
			.getByRole('link', { name: /Download export/ })
			.click();
		return started;
	}
}
