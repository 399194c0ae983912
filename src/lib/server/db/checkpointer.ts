/**
 * SQLite's WAL checkpoints, moved off the board's thread. A checkpoint copies the write-ahead
 * log back into the database file and syncs both to disk: milliseconds of waiting. Left to
 * SQLite, it runs inside whichever commit crosses 1,000 log pages, so every few hundred writes
 * one of them (a keystroke in the notes, a board edit) stalled, and every message behind it.
 *
 * The board's connection therefore stops checkpointing by itself, and a worker thread with its
 * own connection runs a PASSIVE checkpoint every second: it never blocks a writer or a reader.
 * Durability is unchanged: a commit is in the log, on the file, before it returns.
 *
 * The log starts over only when a write finds all of it copied back. Under steady writes (an
 * import, a busy meeting's notes) a checkpoint once a second never catches up, since commits land
 * while it copies: the log then grows without end (over 300 MB after 3,000 board changes in half
 * a minute), and the write that finally starts it over cuts the file back to its size limit on the
 * board's thread, a stall of over 100 ms. So once the log is large and still growing, the worker
 * comes back after a moment instead of a second: each copy is then small, soon one ends before the
 * next commit, and that commit starts the log over.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface Checkpointer {
	/** Stops the worker; its connection is closed as the thread ends. */
	stop(): void;
}

const EVERY_MS = 1_000;
/** How soon the worker checkpoints again while a large log keeps growing. */
const CATCH_UP_MS = 50;
/** The log is large from this size on, unless the board says otherwise. */
const CATCH_UP_BYTES = 8 * 1024 * 1024;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1_000;
const WAL_FRAME_HEADER_BYTES = 24;

/** Runs in the worker (CommonJS, evaluated from this string, so no build step is involved). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let reported = false;
let lastLog = 0;
function checkpoint() {
	let next = workerData.everyMs;
	try {
		const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
		if (log > lastLog && log > workerData.catchUpFrames) next = workerData.catchUpMs;
		lastLog = log;
		reported = false;
	} catch (error) {
		if (!reported) parentPort.postMessage({ failed: error.code ?? error.name });
		reported = true;
	}
	setTimeout(checkpoint, next);
}
setTimeout(checkpoint, workerData.everyMs);
`;

/**
 * Turns off the connection's own checkpoints and starts the worker for the same file. A failed
 * checkpoint is reported once through `onFailure` (its error code, never a path or content);
 * the log then grows until a later checkpoint succeeds. Should the worker itself stop, the
 * connection checkpoints by itself again, as SQLite does by default. `catchUpBytes`: the size from
 * which a log that keeps growing is checkpointed every moment until it starts over.
 */
export function startCheckpointer(
	sqlite: Database.Database,
	path: string,
	onFailure: (code: string) => void = () => {},
	{ catchUpBytes = CATCH_UP_BYTES }: { catchUpBytes?: number } = {}
): Checkpointer {
	const driver = createRequire(import.meta.url).resolve('better-sqlite3');
	const frameBytes = Number(sqlite.pragma('page_size', { simple: true })) + WAL_FRAME_HEADER_BYTES;
	const catchUpFrames = Math.floor(catchUpBytes / frameBytes);
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: { driver, path, everyMs: EVERY_MS, catchUpMs: CATCH_UP_MS, catchUpFrames }
	});
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
