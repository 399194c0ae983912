/**
 * The board's services as a starting server needs them: built once; in demo mode seeded with the
 * demo jurisdiction on first start; in production refused on a database that holds the demo
 * (its password is published). Seeding happens here, at the edge, never in the domain.
 */
import type { Config } from '../src/lib/server/config';
import { demoPresence, holdsDemo, productionRefusal } from '../src/lib/server/demo/presence';
import { seedDemo } from '../src/lib/server/demo/seed';
import { createServices, registerServices, type Services } from '../src/lib/server/services';

/** The board will not start on this database; the message says what to do instead. */
export class StartRefused extends Error {
	override name = 'StartRefused';
}

export async function startServices(config: Config): Promise<Services> {
	const services = createServices(config);
	try {
		if (config.mode === 'demo') await seedDemo(services);
		else {
			const presence = demoPresence(services.db);
			if (holdsDemo(presence)) throw new StartRefused(productionRefusal(presence));
		}
	} catch (error) {
		services.close();
		throw error;
	}
	registerServices(services);
	return services;
}
