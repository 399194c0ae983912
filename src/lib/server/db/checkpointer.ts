/**
 * SQLite's WAL checkpoints, moved off the board's thread. A checkpoint copies the write-ahead
 * log back into the database file and syncs both to disk: milliseconds of waiting. Left to
 * SQLite, it runs inside whichever commit crosses 1,000 log pages, so every few hundred writes
 * one of them (a keystroke in the notes, a board edit) stalled, and every message behind it.
 *
 * The board's connection therefore stops checkpointing by itself, and a worker thread with its
 * own connection runs a PASSIVE checkpoint every second: it never blocks a writer or a reader.
 * Durability is unchanged: a commit is in the log, on the file, before it returns.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface Checkpointer {
	/** Stops the worker; its connection is closed as the thread ends. */
	stop(): void;
}

const EVERY_MS = 1_000;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1_000;

/** Runs in the worker (CommonJS, evaluated from this string, so no build step is involved). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let reported = false;
setInterval(() => {
	try {
		db.pragma('wal_checkpoint(PASSIVE)');
		reported = false;
	} catch (error) {
		if (!reported) parentPort.postMessage({ failed: error.code ?? error.name });
		reported = true;
	}
}, workerData.everyMs);
`;

/**
 * Turns off the connection's own checkpoints and starts the worker for the same file. A failed
 * checkpoint is reported once through `onFailure` (its error code, never a path or content);
 * the log then grows until a later checkpoint succeeds. Should the worker itself stop, the
 * connection checkpoints by itself again, as SQLite does by default.
 */
export function startCheckpointer(
	sqlite: Database.Database,
	path: string,
	onFailure: (code: string) => void = () => {}
): Checkpointer {
	const driver = createRequire(import.meta.url).resolve('better-sqlite3');
	const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, everyMs: EVERY_MS } });
	sqlite.pragma('wal_autocheckpoint = 0');
	let stopping = false;
	worker.on('message', (message: { failed?: string }) => onFailure(message.failed ?? 'unknown'));
	worker.on('error', (error) => onFailure(error.name));
	worker.on('exit', () => {
		if (!stopping && sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
	});
	worker.unref(); // never what keeps the process alive
	return {
		stop() {
			stopping = true;
			void worker.terminate();
		}
	};
}
