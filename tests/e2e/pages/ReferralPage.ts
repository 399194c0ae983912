/** The new-referral form, filled as an officer would after a contact. */
import type { Page } from 'playwright-core';

export class ReferralPage {
	constructor(private readonly page: Page) {}

	async referByArrestDiversion(person: { name: string; offence: string }): Promise<void> {
		await this.page.getByRole('link', { name: 'New referral' }).click();
		await this.page.getByRole('heading', { name: 'New referral' }).waitFor();
		await this.page.getByLabel('Arrest diversion').check();
		await this.page.getByLabel('Legal name').fill(person.name);
		await this.page.getByLabel('Offence', { exact: true }).fill(person.offence);
		await this.page.getByLabel('Neighbourhood').fill('Belltown');
		// King County's rules ask for the quantity (not the age): the form asks what the rules look at.
		await this.page.getByLabel('Grams (drug offences)').fill('0.5');
		await this.page.getByRole('button', { name: 'Save referral' }).click();
		await this.page.getByRole('heading', { name: 'Timeline' }).waitFor();
	}
}
