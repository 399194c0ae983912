/** The real y-websocket provider in Node, carrying a session cookie the way a browser would. */
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export function cookieWebSocket(cookie: string | null, origin: string) {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: { ...(cookie ? { cookie } : {}), origin } });
		}
	} as unknown as typeof globalThis.WebSocket;
}

export interface NotesClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	closeCodes: number[];
	text: () => string;
	destroy: () => void;
}

export function openNotes(
	board: { port: number; origin: string },
	cookie: string | null,
	room: string,
	origin = board.origin
): NotesClient {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://127.0.0.1:${board.port}/yjs`, room, doc, {
		disableBc: true,
		maxBackoffTime: 500,
		WebSocketPolyfill: cookieWebSocket(cookie, origin)
	});
	const closeCodes: number[] = [];
	provider.on('connection-close', (event) => {
		if (event) closeCodes.push(event.code);
	});
	return {
		doc,
		provider,
		closeCodes,
		text: () => doc.getText('notes').toString(),
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Answers an HTTP upgrade attempt with the status the server refused it with (101 when accepted). */
export function upgradeStatus(
	board: { port: number; origin: string },
	path: string,
	headers: Record<string, string>
) {
	return new Promise<number>((resolve) => {
		const ws = new WebSocket(`ws://127.0.0.1:${board.port}${path}`, { headers });
		ws.once('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.once('open', () => {
			resolve(101);
			ws.close();
		});
		ws.once('error', () => resolve(-1));
	});
}

/** Reads the demo meetings straight from the board's SQLite file. */
export function demoMeetings(databasePath: string): { workgroup: string; policyGroup: string } {
	const db = new Database(databasePath, { readonly: true });
	try {
		const rows = db.prepare('select id, kind from meetings').all() as { id: string; kind: string }[];
		return {
			workgroup: rows.find((r) => r.kind === 'operational_workgroup')!.id,
			policyGroup: rows.find((r) => r.kind === 'policy_group')!.id
		};
	} finally {
		db.close();
	}
}
