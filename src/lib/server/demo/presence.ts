/**
 * Whether a database holds the demo: the demo jurisdiction, or any account of the demo's
 * published password's domain. Production refuses to start on such a database, and the demo
 * reset refuses to wipe a database that holds anything else.
 */
import { like } from 'drizzle-orm';
import type { Conn } from '../db';
import { jurisdictions, user } from '../db/schema';

/** The email domain of every demo account. */
export const DEMO_EMAIL_DOMAIN = '@demo.test';

export interface DemoPresence {
	demoJurisdictions: string[];
	demoAccounts: number;
	/** Jurisdictions that are not the demo's. */
	otherJurisdictions: string[];
}

export function demoPresence(db: Conn): DemoPresence {
	const all = db.select({ name: jurisdictions.name, isDemo: jurisdictions.isDemo }).from(jurisdictions).all();
	const demoAccounts = db
		.select({ id: user.id })
		.from(user)
		.where(like(user.email, `%${DEMO_EMAIL_DOMAIN}`))
		.all().length;
	return {
		demoJurisdictions: all.filter((j) => j.isDemo).map((j) => j.name),
		demoAccounts,
		otherJurisdictions: all.filter((j) => !j.isDemo).map((j) => j.name)
	};
}

export const holdsDemo = (p: DemoPresence) => p.demoJurisdictions.length > 0 || p.demoAccounts > 0;

/** Why production will not run on this database, and how to start clean. */
export function productionRefusal(p: DemoPresence): string {
	const what = [
		p.demoJurisdictions.length ? `the demo jurisdiction (${p.demoJurisdictions.join(', ')})` : null,
		p.demoAccounts ? `${p.demoAccounts} demo account${p.demoAccounts === 1 ? '' : 's'}` : null
	]
		.filter(Boolean)
		.join(' and ');
	return [
		`This database holds ${what}, whose password is published: production does not start on it.`,
		'Start clean: set DATABASE_PATH to a new file, create the first administrator with',
		'`npm run user:create` (README, "Real use"), then `npm start`.'
	].join('\n');
}
