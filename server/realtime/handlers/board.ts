/**
 * The participant board over socket.io: roster reads, changes, catch-up, and the per-recipient
 * fan-out after each stored change. Handlers parse, ask the domain or `execute`, and answer.
 */
import { z } from 'zod';
import { boardRoster, catchUp } from '../../../src/lib/server/board/roster';
import { openParticipant } from '../../../src/lib/server/board/read';
import { lastMeetingAt } from '../../../src/lib/server/board/since';
import { execute, type ParticipantChanged } from '../../../src/lib/server/commands';
import { parseInput } from '../../../src/lib/server/commands/kernel';
import { watchConsentExpiry } from '../../../src/lib/server/participants/consent-expiry';
import { inSnapshot } from '../../../src/lib/server/db/write';
import { DomainError } from '../../../src/lib/server/errors';
import { log } from '../../../src/lib/server/log';
import { cardBroadcaster, participantDetailView } from '../../../src/lib/server/participants';
import { loadUsers } from '../../../src/lib/server/participants/staff';
import { authorize, can } from '../../../src/lib/server/policy';
import type { Services } from '../../../src/lib/server/services';
import { BOARD_OPERATIONS, type ChangedBy, type MutationReply } from '../../../src/lib/shared/board-events';
import type { ParticipantCard } from '../../../src/lib/shared/participant-views';
import { rooms } from '../../../src/lib/shared/events';
import { IdempotencyKey } from '../../../src/lib/shared/idempotency';
import { guard, sourceOf } from '../guard';
import { seatsIn } from '../seats';
import type { BoardServer, BoardSocket } from '../types';
import type { Broadcaster, Registrar } from './context';

const recordId = z.string().min(1).max(64);
const MutatePayload = z.strictObject({
	op: z.enum(BOARD_OPERATIONS),
	input: z.record(z.string(), z.unknown()),
	idempotencyKey: IdempotencyKey.optional()
});
const CatchupPayload = z.strictObject({ afterSeq: z.number().int().min(0) });
const WatchPayload = z.strictObject({ participantId: recordId });

export const registerBoard: Registrar = ({ services }) => {
	function roster(this: BoardSocket, query: unknown, ack: unknown) {
		void guard(
			services,
			this,
			ack,
			(actor) => boardRoster(services.db, actor, query ?? {}),
			(reply) => reply.roster.cards.length
		);
	}

	function mutate(this: BoardSocket, payload: unknown, ack: unknown) {
		void guard(services, this, ack, async (actor) => {
			const { op, input, idempotencyKey } = parseInput(MutatePayload, payload);
			const meta = { idempotencyKey, sourceAddress: sourceOf(this) };
			const reply: MutationReply = { ...(await execute(services, actor, op, input, meta)) };
			return reply;
		});
	}

	function catchup(this: BoardSocket, payload: unknown, ack: unknown) {
		void guard(
			services,
			this,
			ack,
			(actor) => catchUp(services.db, actor, parseInput(CatchupPayload, payload).afterSeq),
			(reply) => reply.cards.length + reply.removed.length
		);
	}

	function watch(this: BoardSocket, payload: unknown, ack: unknown) {
		void guard(services, this, ack, (actor) => {
			const { participantId } = parseInput(WatchPayload, payload);
			const detail = openParticipant(services.db, actor, participantId, sourceOf(this));
			void this.join(rooms.participant(participantId));
			return detail;
		});
	}

	function unwatch(this: BoardSocket, payload: unknown) {
		const parsed = WatchPayload.safeParse(payload);
		if (parsed.success) void this.leave(rooms.participant(parsed.data.participantId));
	}

	return (socket) => {
		socket.on('board:roster:v1', roster);
		socket.on('board:mutate:v1', mutate);
		socket.on('board:catchup:v1', catchup);
		socket.on('participant:watch:v1', watch);
		socket.on('participant:unwatch:v1', unwatch);
	};
};

/** Kinds of change after which the next consent expiry may be sooner than the timer thinks. */
const CONSENT_TIMER_KINDS = new Set(['consent.record', 'consent.renew']);

export const broadcastBoard: Broadcaster = (io, services) => {
	const onChange = (change: ParticipantChanged) => {
		if (CONSENT_TIMER_KINDS.has(change.kind)) expiry.rearm();
		// Once the command has answered its sender: the fan-out is the same, the sender hears sooner.
		queueMicrotask(() => {
			try {
				inSnapshot(services.db, () => fanOut(io, services, change));
			} catch (error) {
				log('error', 'board.fanout_failed', { participant: change.participantId, error: String(error) });
			}
		});
	};
	// A consent that runs out by date is re-sent like any change, so open screens lose its fields at once.
	const expiry = watchConsentExpiry(
		services.db,
		(expired) => {
			for (const e of expired) {
				services.events.emit('participant-changed', {
					jurisdictionId: e.jurisdictionId,
					participantId: e.participantId,
					seq: e.seq,
					kind: 'consent.expired',
					actorUserId: SYSTEM_ACTOR
				});
			}
		},
		{ onError: (error) => log('error', 'consent.expiry_check_failed', { error: String(error) }) }
	);
	services.events.on('participant-changed', onChange);
	return () => {
		expiry.stop();
		services.events.off('participant-changed', onChange);
	};
};

/** The author of changes nobody made (a consent running out); it names no user, so `by` is null. */
const SYSTEM_ACTOR = 'system';

function changedBy(services: Services, change: ParticipantChanged): ChangedBy | null {
	const author = loadUsers(services.db, change.jurisdictionId, [change.actorUserId]).get(change.actorUserId);
	return author ? { name: author.name, agencyKind: author.agencyKind } : null;
}

/**
 * Sends each open board the card as THAT viewer may see it (a withheld field never leaves the
 * server for them), and each open participant page its redacted detail. Open screens sit in the
 * room of their person's seat: the card is decided once per seat and sent to the seat's room, and
 * built once per audience. The people the participant names (their case manager and defender)
 * are left out of their seat's room and decided on their own.
 */
function fanOut(io: BoardServer, services: Services, change: ParticipantChanged) {
	const scope = { jurisdictionId: change.jurisdictionId };
	const since = lastMeetingAt(services.db, change.jurisdictionId);
	const viewOf = cardBroadcaster(services.db, change.jurisdictionId, change.participantId, { since });
	const by = changedBy(services, change);
	const at = new Date().toISOString();
	const cardChange = (card: ParticipantCard) => ({ card, seq: change.seq, kind: change.kind, by, at });
	const removed = { participantId: change.participantId, seq: change.seq };
	// Seat rooms grouped by the audience the policy puts their people in (null: may not see it).
	const audiences = new Map<string | null, { card: ParticipantCard | null; seatRooms: string[] }>();
	for (const { room, standIn } of seatsIn(io, change.jurisdictionId)) {
		if (!can(standIn, 'roster.view', scope)) continue;
		const { audience, card } = viewOf(standIn);
		let group = audiences.get(audience);
		if (!group) audiences.set(audience, (group = { card, seatRooms: [] }));
		group.seatRooms.push(room);
	}
	const named = viewOf.named.map(rooms.user);
	// One broadcast per audience: socket.io serialises (and frames) each payload once, not once per socket.
	for (const { card, seatRooms } of audiences.values()) {
		const to = io.local.to(seatRooms).except(named);
		if (card) to.emit('board:card:v1', cardChange(card));
		else to.emit('board:removed:v1', removed);
	}
	const jurisdictionRoom = rooms.jurisdiction(change.jurisdictionId);
	for (const userRoom of named) {
		for (const socket of socketsIn(io, userRoom)) {
			if (!socket.rooms.has(jurisdictionRoom) || !can(socket.data.actor, 'roster.view', scope)) continue;
			const { card } = viewOf(socket.data.actor);
			if (card) socket.emit('board:card:v1', cardChange(card));
			else socket.emit('board:removed:v1', removed);
		}
	}
	for (const socket of socketsIn(io, rooms.participant(change.participantId))) {
		const actor = socket.data.actor;
		try {
			authorize(actor, 'roster.view', scope);
			const detail = participantDetailView(services.db, actor, change.participantId, { since });
			socket.emit('participant:detail:v1', { detail, seq: change.seq, by });
		} catch (error) {
			if (!(error instanceof DomainError)) throw error;
			void socket.leave(rooms.participant(change.participantId));
			socket.emit('board:removed:v1', removed);
		}
	}
}

/** This server's sockets in a room (each server fans out to its own). */
function socketsIn(io: BoardServer, room: string): BoardSocket[] {
	const sockets: BoardSocket[] = [];
	for (const id of io.sockets.adapter.rooms.get(room) ?? []) {
		const socket = io.sockets.sockets.get(id);
		if (socket) sockets.push(socket);
	}
	return sockets;
}
