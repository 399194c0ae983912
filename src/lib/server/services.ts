/**
 * The composition root: builds the board's services once, at the edge (the server entry, the dev
 * plugin, a test), and hands the same instance to SvelteKit's hooks through a process-wide
 * registry, so the adapter's bundle and the realtime server share one database, one auth and one
 * event bus. It wires; it decides nothing.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createAuth, type Auth } from './auth';
import type { Config } from './config';
import { BoardMetrics } from './metrics';
import { openDatabase, type Db } from './db';
import { appSettings } from './db/schema';
import type { BoardEventMap, SessionEnded } from './commands/events';
import { LoadShedder } from './security/load-shedding';
import { isDisabled } from './users';

export interface Services {
	config: Config;
	db: Db;
	auth: Auth;
	events: EventEmitter<BoardEventMap>;
	/** Ends sessions' sockets on every channel (wired by the realtime layer). */
	sessionsEnded(ended: SessionEnded[]): void;
	metrics: BoardMetrics;
	/** Refuses new expensive work while the event loop lags (see `LOAD_SHED_LAG_MS`). */
	load: LoadShedder;
	/** Set as the board begins to stop: it is then no longer ready for new work. */
	lifecycle: { stopping: boolean };
	close(): void;
}

export function createServices(config: Config): Services {
	const database = openDatabase(config.databasePath);
	const events = new EventEmitter<BoardEventMap>();
	const metrics = new BoardMetrics();
	const load = new LoadShedder(config.loadShedLagMs, metrics);
	const sessionsEnded = (ended: SessionEnded[]) => {
		if (ended.length) events.emit('sessions-ended', ended);
	};
	const auth = createAuth({
		db: database.db,
		secret: config.authSecret ?? demoSecret(database.db),
		baseURL: config.origin,
		trustedOrigins: config.allowedOrigins,
		sessionMaxAgeSeconds: config.sessionMaxAgeSeconds,
		signInPerMinute: config.signInRateLimitPerMinute,
		onSessionEnded: (ended) => sessionsEnded([ended]),
		isDisabled: (userId) => isDisabled(database.db, userId),
		lockout: config.lockout,
		onSignInFailed: (reason) => metrics.signInFailed(reason)
	});
	return {
		config,
		db: database.db,
		auth,
		events,
		sessionsEnded,
		metrics,
		load,
		lifecycle: { stopping: false },
		close: () => {
			load.stop();
			database.close();
		}
	};
}

/** Demo mode keeps a generated signing secret in its own database, so sessions survive restarts. */
function demoSecret(db: Db): string {
	const row = db.select().from(appSettings).where(eq(appSettings.key, 'demo_auth_secret')).get();
	if (row) return row.value;
	const value = randomBytes(32).toString('base64url');
	db.insert(appSettings).values({ key: 'demo_auth_secret', value }).run();
	return value;
}

const REGISTRY = Symbol.for('lead-board.services');
type Registry = { [REGISTRY]?: Services };

export function registerServices(services: Services | undefined): void {
	(globalThis as Registry)[REGISTRY] = services;
}

/** The running board's services; throws when the server entry has not built them. */
export function getServices(): Services {
	const services = (globalThis as Registry)[REGISTRY];
	if (!services)
		throw new Error('The board services are not running (start the board with npm start or npm run dev).');
	return services;
}
