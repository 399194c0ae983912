/** A board client as a script or test drives it: roster, mutations with acks, and live cards. */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { CardChange, ParticipantCard } from '../../src/lib/shared/board-events';
import { connectSocket, signIn, type TestSocket } from './board';
import { tableRows } from './table-rows';

export interface LiveBoardClient {
	socket: TestSocket;
	cookie: string;
	cards: Map<string, ParticipantCard>;
	changes: CardChange[];
	seq: number;
}

/** Signs in, opens the socket, loads the roster and keeps `cards` current from the live events. */
export async function openBoard(board: { origin: string }, email: string): Promise<LiveBoardClient> {
	const cookie = await signIn(board, email);
	const client: LiveBoardClient = {
		socket: undefined as unknown as TestSocket,
		cookie,
		cards: new Map(),
		changes: [],
		seq: 0
	};
	client.socket = await connectSocket(board, cookie, {
		listen: (socket) => {
			socket.on('board:card:v1', (change) => {
				client.cards.set(change.card.participantId, change.card);
				client.changes.push(change);
				client.seq = Math.max(client.seq, change.seq);
			});
			socket.on('board:removed:v1', ({ participantId, seq }) => {
				client.cards.delete(participantId);
				client.seq = Math.max(client.seq, seq);
			});
		}
	});
	const reply = await client.socket.emitWithAck('board:roster:v1', {});
	if (!reply.ok) throw new Error(`roster refused: ${reply.code}`);
	for (const card of reply.data.roster.cards) client.cards.set(card.participantId, card);
	client.seq = Math.max(client.seq, reply.data.seq);
	return client;
}

/**
 * The live boards one test file opens: `open(email)` opens one and keeps it, and `closeAll()` (in
 * the file's `afterEach`) closes every one, so no socket outlives its test. `board` is read when
 * a board opens, so it may be started in `beforeAll`.
 */
export function boardClients(board: () => { origin: string }) {
	const open: LiveBoardClient[] = [];
	return {
		async open(email: string): Promise<LiveBoardClient> {
			const client = await openBoard(board(), email);
			open.push(client);
			return client;
		},
		closeAll(): void {
			for (const client of open.splice(0)) client.socket.close();
		}
	};
}

export function newReferral(name: string, overrides: Record<string, unknown> = {}) {
	return {
		person: { legalName: name, aliases: [], dateOfBirth: '1988-06-14' },
		pathway: 'arrest_diversion',
		occurredAt: new Date().toISOString(),
		offence: 'Possession of a controlled substance',
		offenceCategory: 'drug_possession',
		neighbourhood: 'Belltown',
		narrative: 'Contact on 3rd Ave; offered diversion instead of booking.',
		facts: { grams: 0.4, age: 37 },
		...overrides
	};
}

/** A digest of every participant-domain row in the board's SQLite file (sessions and audit excluded). */
export function databaseDigest(databasePath: string): string {
	const db = new Database(databasePath, { readonly: true, fileMustExist: true });
	try {
		const tables = (
			db
				.prepare(
					"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name"
				)
				.all() as {
				name: string;
			}[]
		)
			.map((t) => t.name)
			.filter((name) => !['session', 'audit_events', 'verification', '__drizzle_migrations'].includes(name));
		const hash = createHash('sha256');
		for (const table of tables) {
			hash.update(table);
			for (const row of tableRows(db, table)) hash.update(JSON.stringify(row));
		}
		return hash.digest('hex');
	} finally {
		db.close();
	}
}
