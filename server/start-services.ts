/**
 * The board's services as a starting server needs them: built once, and in demo mode seeded with
 * the demo jurisdiction on first start. Seeding happens here, at the edge, never in the domain.
 */
import type { Config } from '../src/lib/server/config';
import { seedDemo } from '../src/lib/server/demo/seed';
import { createServices, registerServices, type Services } from '../src/lib/server/services';

export async function startServices(config: Config): Promise<Services> {
	const services = createServices(config);
	try {
		if (config.mode === 'demo') await seedDemo(services);
	} catch (error) {
		services.close();
		throw error;
	}
	registerServices(services);
	return services;
}
