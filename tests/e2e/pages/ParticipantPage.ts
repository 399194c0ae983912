/** One participant's page: the summary, the panels, and the forms this viewer's role is given. */
import type { Locator, Page } from 'playwright-core';

export class ParticipantPage {
	constructor(private readonly page: Page) {}

	/** The disclosure that opens one of the page's forms ("Log a contact", "Change status"…). */
	action(name: string): Locator {
		return this.page.locator('summary', { hasText: name });
	}

	get timelineHeading(): Locator {
		return this.page.getByRole('heading', { name: 'Timeline', exact: true });
	}

	get summary(): Locator {
		return this.page.locator('header.summary');
	}

	panel(title: string): Locator {
		return this.page
			.locator('section.panel')
			.filter({ has: this.page.getByRole('heading', { name: title, exact: true }) });
	}

	async takeOn(): Promise<void> {
		await this.page.getByRole('button', { name: 'Take on this participant' }).click();
		await this.summary
			.getByText('Case manager:')
			.locator('strong')
			.filter({ hasNotText: 'Unassigned' })
			.waitFor();
	}

	async changeStatus(label: string, reason: string): Promise<void> {
		await this.page.locator('summary', { hasText: 'Change status' }).click();
		await this.page.getByLabel(/^New status/).selectOption({ label });
		await this.page.getByLabel('Why').fill(reason);
		await this.page.getByRole('button', { name: 'Change status' }).click();
		await this.summary.getByText(label).waitFor();
	}

	async addGoal(domain: string, goal: string): Promise<void> {
		await this.page.locator('summary', { hasText: 'Add a goal' }).click();
		await this.page.getByLabel('Domain').selectOption({ label: domain });
		await this.page.getByLabel('Goal', { exact: true }).fill(goal);
		await this.page.getByRole('button', { name: 'Add goal' }).click();
		await this.panel('Intervention plan').getByText(goal).waitFor();
	}

	async addLegalMatter(m: { caseNumber: string; court: string; charge: string }): Promise<void> {
		await this.page.locator('summary', { hasText: 'Add a legal matter' }).click();
		await this.page.getByLabel('Case number', { exact: true }).fill(m.caseNumber);
		await this.page.getByLabel('Court', { exact: true }).fill(m.court);
		await this.page.getByLabel('Charge', { exact: true }).fill(m.charge);
		await this.page.getByRole('button', { name: 'Add legal matter' }).click();
		await this.panel('Legal matters').locator('.title', { hasText: m.caseNumber }).waitFor();
	}

	async decide(caseNumber: string, decision: string): Promise<void> {
		await this.page.getByLabel(`Charging decision for ${caseNumber}`).selectOption({ label: decision });
		await this.page.getByRole('button', { name: 'Record decision' }).click();
		await this.panel('Legal matters').locator('.decision', { hasText: decision }).waitFor();
	}

	/** The header's "Consents: …" line, which every viewer sees. */
	get consentsLine(): Locator {
		return this.page.getByTestId('consents-line');
	}

	/** The 42 CFR Part 2 redisclosure notice shown with clinical records. */
	get part2Notice(): Locator {
		return this.page.getByTestId('part2-notice');
	}

	async recordConsent(c: {
		recipient: string;
		categories: string[];
		purpose: string;
		validUntil: string;
	}): Promise<void> {
		const panel = this.panel('Consents');
		await panel.locator('summary', { hasText: 'Record a consent' }).click();
		const form = panel
			.locator('form')
			.filter({ has: this.page.getByRole('button', { name: 'Record consent' }) });
		await form.getByLabel('Who may receive it').selectOption({ label: c.recipient });
		for (const category of c.categories) await form.getByLabel(category, { exact: true }).check();
		await form.getByLabel('Purpose').fill(c.purpose);
		await form.getByLabel('Last day it is valid').fill(c.validUntil);
		await form.getByRole('button', { name: 'Record consent' }).click();
		await panel.locator('li', { hasText: c.recipient }).waitFor();
	}

	async revokeConsent(recipient: string, reason: string): Promise<void> {
		const item = this.panel('Consents').locator('li', { hasText: recipient }).filter({ hasText: 'Active' });
		await item.locator('summary', { hasText: 'Revoke' }).click();
		await item.getByLabel('Reason').fill(reason);
		await item.getByRole('button', { name: 'Revoke consent' }).click();
		await this.panel('Consents')
			.locator('li', { hasText: recipient })
			.filter({ hasText: 'Revoked' })
			.waitFor();
	}
}
