/**
 * Open screens grouped by seat: each socket sits in the room of its person's seat (jurisdiction,
 * role and agency, as the policy's `boardSeat` tells them apart), kept in step as the person is
 * read again. A change to a participant is then decided once per seat and sent to the seat's room,
 * instead of being decided for every open screen; only the people the participant names (their
 * case manager and defender) are decided one by one.
 */
import { boardSeat, seatStandIn, type Actor } from '../../src/lib/server/policy';
import { rooms } from '../../src/lib/shared/events';
import type { BoardServer, BoardSocket } from './types';

export interface Seat {
	room: string;
	/** Someone of the seat whom no participant names. */
	standIn: Actor;
}

/** Each board server's seats (by its namespace), by jurisdiction and room. */
const seatsOf = new WeakMap<object, Map<string, Map<string, Seat>>>();

function seatsAt(namespace: object): Map<string, Map<string, Seat>> {
	let seats = seatsOf.get(namespace);
	if (!seats) seatsOf.set(namespace, (seats = new Map()));
	return seats;
}

/** Puts a socket in the room of its person's seat, moving it if the person's seat changed. */
export function seatSocket(socket: BoardSocket): void {
	const actor = socket.data.actor;
	const seats = seatsAt(socket.nsp);
	let inJurisdiction = seats.get(actor.jurisdictionId);
	if (!inJurisdiction) seats.set(actor.jurisdictionId, (inJurisdiction = new Map()));
	const key = rooms.seat(boardSeat(actor));
	let seat = inJurisdiction.get(key);
	if (!seat) inJurisdiction.set(key, (seat = { room: key, standIn: seatStandIn(actor) }));
	if (socket.data.seatRoom === seat.room) return;
	if (socket.data.seatRoom) void socket.leave(socket.data.seatRoom);
	// The seat's own string, so every socket of a seat holds one copy of the room's name, not its own.
	socket.data.seatRoom = seat.room;
	void socket.join(seat.room);
}

/** The seats of a jurisdiction with someone in them on this server (empty ones are forgotten). */
export function seatsIn(io: BoardServer, jurisdictionId: string): Seat[] {
	const inJurisdiction = seatsAt(io.sockets).get(jurisdictionId);
	if (!inJurisdiction) return [];
	const occupied: Seat[] = [];
	for (const seat of inJurisdiction.values()) {
		if (io.sockets.adapter.rooms.has(seat.room)) occupied.push(seat);
		else inJurisdiction.delete(seat.room);
	}
	return occupied;
}
