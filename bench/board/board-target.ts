/**
 * The real board as a benchmark target: the server process as `startTestBoard` runs it (temp
 * SQLite file, 127.0.0.1, port 0), N signed-in socket clients, each a person of their own spread
 * over the workgroup roles (so each gets the card as the policy redacts it for them), one police
 * officer among them who changes things, everyone else timing the pushes.
 */
import Database from 'better-sqlite3';
import type { CardChange, ParticipantCard } from '../../src/lib/shared/board-events';
import { connectSocket, type TestSocket } from '../../tests/helpers/board';
import { newReferral } from '../../tests/helpers/board-client';
import { Fleet } from './fleet';
import type { Send } from './mutator';
import type { BenchOptions } from './options';
import { buildWorld, signInAll, type BenchWorld } from '../shared/world';
import { startProcess, type BenchProcess } from './processes';
import { now } from './stats';
import { connectMeasured, type Target } from './target';

const SIGN_IN_CONCURRENCY = 4;
const ACK_TIMEOUT_MS = 10_000;
const FIRST_CHANGES = 10;
const PARTICIPANTS = 6;

const BOARD_ENV = {
	PORT: '0',
	HOST: '127.0.0.1',
	LEAD_LOG: 'info',
	// The bench signs in hundreds of sessions and sends 30 events a second as one person.
	SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000',
	SOCKET_EVENT_LIMIT: '100000',
	// It measures fan-out on a shared machine; a start-up stall must not refuse its roster read.
	LOAD_SHED_LAG_MS: '0'
};

export interface BoardTarget extends Target {
	/** A card change as the mutator received it in its first changes: the bare server sends the same. */
	sample: CardChange;
	signInSeconds: number;
	/** change_log rows from seq `fromSeq` on, read from the board's SQLite file. */
	persisted(fromSeq: number): number;
}

export async function startBoardTarget(o: BenchOptions): Promise<BoardTarget> {
	// One account per client; the first, a police officer, makes the changes. Every workgroup
	// role sees every participant's card, so every receiver should get every change.
	const world = await buildWorld(o.clients);
	let board: BenchProcess | null = null;
	const fleet = new Fleet(o.processes);
	const close = async () => {
		await fleet.close();
		await board?.stop();
		world.remove();
	};
	try {
		const env = { ...BOARD_ENV, DATABASE_PATH: world.databasePath };
		const profile = o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
		board = await startProcess('server/index.ts', env, /"event":"board\.started".*"port":(\d+)/, profile);
		return await connectBoard(board, fleet, world, o, close);
	} catch (error) {
		await close();
		throw error;
	}
}

async function connectBoard(
	board: BenchProcess,
	fleet: Fleet,
	world: BenchWorld,
	o: BenchOptions,
	close: () => Promise<void>
): Promise<BoardTarget> {
	const origin = `http://127.0.0.1:${board.port}`;
	const signInStarted = now();
	const [mutatorCookie, ...receiverCookies] = await signInAll(
		origin,
		world.emails,
		world.password,
		SIGN_IN_CONCURRENCY
	);
	const signInSeconds = (now() - signInStarted) / 1000;
	const { participants, sample } = await firstChanges(origin, mutatorCookie);
	const { cost, value: socket } = await connectMeasured(
		board,
		fleet,
		{ url: origin, kind: 'board' },
		receiverCookies,
		() => connectSocket({ origin }, mutatorCookie)
	);
	return {
		name: 'board',
		server: board,
		fleet,
		cost,
		send: boardSend(socket, participants),
		sample,
		signInSeconds,
		persisted: (fromSeq) => countChanges(world.databasePath, fromSeq),
		async close() {
			socket.close();
			await close();
		}
	};
}

/** Picks the participants the mutator acts on and makes a few changes to see the card one sends. */
async function firstChanges(origin: string, cookie: string) {
	let sample: CardChange | null = null;
	const socket = await connectSocket({ origin }, cookie, {
		listen: (s) => s.on('board:card:v1', (change) => (sample ??= change))
	});
	try {
		const roster = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('board:roster:v1', {});
		if (!roster.ok) throw new Error(`roster refused: ${roster.code}`);
		const cards: ParticipantCard[] = roster.data.roster.cards;
		const enrolled = cards.filter((c) => c.status === 'enrolled');
		const chosen = (enrolled.length >= PARTICIPANTS ? enrolled : cards).slice(0, PARTICIPANTS);
		const ids = chosen.map((c) => c.participantId);
		if (ids.length === 0) throw new Error('the demo roster is empty');
		const send = boardSend(socket, ids, `first${process.pid}`);
		for (let i = 0; i < FIRST_CHANGES; i++) {
			const outcome = await new Promise<{ seq: number } | { error: string }>((resolve) => send(i, resolve));
			if ('error' in outcome) throw new Error(`first change ${i} refused: ${outcome.error}`);
		}
		if (!sample) throw new Error('the mutator saw none of its own changes');
		return { participants: ids, sample: sample as CardChange };
	} finally {
		socket.close();
	}
}

/** Mutation i: mostly updates and police contacts on a handful of participants, every tenth a new referral. */
export function boardMutation(i: number, participantIds: string[], tag: string) {
	const idempotencyKey = `bench-${tag}-${i}`;
	if (i % 10 === 9) {
		return { op: 'referral.create', input: newReferral(`Bench Person ${tag} ${i}`), idempotencyKey } as const;
	}
	const participantId = participantIds[i % participantIds.length];
	if (i % 2 === 0) {
		const body = `Bench update ${i}: checked in at the drop-in centre; housing paperwork in progress.`;
		return { op: 'update.post', input: { participantId, body }, idempotencyKey } as const;
	}
	const input = {
		participantId,
		kind: 'police_social_contact',
		occurredAt: new Date(Date.now() - 60_000).toISOString(),
		note: `Bench contact ${i}: spoke briefly near 3rd Ave; offered a ride to the clinic.`
	};
	return { op: 'contact.add', input, idempotencyKey } as const;
}

function boardSend(socket: TestSocket, participantIds: string[], tag = `run${process.pid}`): Send {
	return (i, done) => {
		socket
			.timeout(ACK_TIMEOUT_MS)
			.emit('board:mutate:v1', boardMutation(i, participantIds, tag), (error, reply) => {
				if (error) done({ error: 'no_ack' });
				else if (reply.ok) done({ seq: reply.data.seq });
				else done({ error: reply.code });
			});
	};
}

/** Rows the run added to the change log, read from the board's own SQLite file. */
function countChanges(databasePath: string, fromSeq: number): number {
	const db = new Database(databasePath, { readonly: true, fileMustExist: true });
	try {
		return (db.prepare('select count(*) as n from change_log where seq >= ?').get(fromSeq) as { n: number })
			.n;
	} finally {
		db.close();
	}
}
