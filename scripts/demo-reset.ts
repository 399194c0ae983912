/**
 * `npm run demo:reset`: wipes the demo database that DATABASE_PATH names and seeds it again, for
 * a demo that has been played with. Stop the board first. It refuses in production mode and on a
 * database that holds any jurisdiction besides the demo.
 */
import { existsSync, rmSync } from 'node:fs';
import { ConfigError, loadConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';
import { demoPresence } from '../src/lib/server/demo/presence';
import { seedDemo } from '../src/lib/server/demo/seed';
import { createServices } from '../src/lib/server/services';

function refuse(message: string): never {
	console.error(message);
	process.exit(1);
}

async function main() {
	let config;
	try {
		config = loadConfig();
	} catch (error) {
		if (error instanceof ConfigError) refuse(error.message);
		throw error;
	}
	if (config.mode !== 'demo')
		refuse('demo:reset runs only in demo mode; it never touches a production database.');
	const path = config.databasePath;
	if (existsSync(path)) {
		const database = openDatabase(path);
		const presence = demoPresence(database.db);
		database.close();
		if (presence.otherJurisdictions.length) {
			refuse(
				`${path} holds jurisdictions that are not the demo (${presence.otherJurisdictions.join(', ')}); demo:reset wipes only demo databases.`
			);
		}
		for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
	}
	const services = createServices(config);
	try {
		await seedDemo(services);
	} finally {
		services.close();
	}
	console.log(`Demo database reset: ${path} holds a fresh King County (demo).`);
}

await main();
