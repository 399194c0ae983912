/**
 * Meetings over socket.io: joining a meeting's room (invited members only), following the
 * facilitator, decisions, action items and attendance, the room screen; and the fan-out that
 * sends every socket in a meeting its own redacted view after each stored change.
 */
import { execute, type CommandName } from '../../../src/lib/server/commands';
import type { MeetingChanged, ParticipantChanged } from '../../../src/lib/server/commands';
import { parseInput } from '../../../src/lib/server/commands/kernel';
import { isDomainError } from '../../../src/lib/server/errors';
import { log } from '../../../src/lib/server/log';
import {
	focusOn,
	getMeeting,
	loadDirectory,
	meetingView,
	openRoomScreen,
	roomView
} from '../../../src/lib/server/meetings';
import { focusInput, meetingRef } from '../../../src/lib/server/meetings/schemas';
import type { Services } from '../../../src/lib/server/services';
import { loadActor } from '../../../src/lib/server/users';
import { rooms } from '../../../src/lib/shared/events';
import type { MeetingPresentUser } from '../../../src/lib/shared/meeting-events';
import { guard, sourceOf } from '../guard';
import type { BoardServer, BoardSocket } from '../types';
import type { Broadcaster, Registrar } from './context';

/** The room screens of a meeting (they are also in the meeting's room: the people there read them). */
const screenRoom = (meetingId: string) => `${rooms.meeting(meetingId)}:screen`;
const MEETING_ROOM = /^meeting:([A-Za-z0-9_-]{1,64})$/;
const MEETING_ROOM_PREFIX = 'meeting:';

const joinedMeetings = (socket: { rooms: Set<string> }) =>
	[...socket.rooms].flatMap((r) => {
		const match = MEETING_ROOM.exec(r);
		return match ? [match[1]] : [];
	});

/** Socket events that are commands, by the command each runs. */
const MEETING_COMMANDS = {
	'meeting:now:v1': 'meeting.now',
	'meeting:decision:add:v1': 'decision.add',
	'meeting:action:add:v1': 'actionItem.add',
	'meeting:action:status:v1': 'actionItem.status',
	'meeting:attendance:mark:v1': 'attendance.mark'
} as const satisfies Record<string, CommandName>;

export const registerMeetings: Registrar = ({ io, services }) => {
	const commands = Object.entries(MEETING_COMMANDS).map(([event, name]) => {
		function command(this: BoardSocket, payload: unknown, ack: unknown) {
			void guard(services, this, ack, (actor) =>
				execute(services, actor, name, payload, { sourceAddress: sourceOf(this) })
			);
		}
		return [event as keyof typeof MEETING_COMMANDS, command] as const;
	});

	function join(this: BoardSocket, payload: unknown, ack: unknown) {
		void guard(services, this, ack, async (actor) => {
			const { meetingId } = parseInput(meetingRef, payload);
			// Opening a live meeting records attendance (the first time); the view comes after it.
			await execute(services, actor, 'attendance.present', { meetingId }, { sourceAddress: sourceOf(this) });
			await this.join(rooms.meeting(meetingId));
			refreshPresence(io, services, actor.jurisdictionId, meetingId);
			return meetingView(services.db, actor, meetingId);
		});
	}

	function joinRoomScreen(this: BoardSocket, payload: unknown, ack: unknown) {
		void guard(services, this, ack, async (actor) => {
			const { meetingId } = parseInput(meetingRef, payload);
			openRoomScreen(services.db, actor, meetingId);
			await this.join([rooms.meeting(meetingId), screenRoom(meetingId)]);
			refreshPresence(io, services, actor.jurisdictionId, meetingId);
			return roomView(services.db, meetingId, actor.jurisdictionId, await presentUserIds(io, meetingId));
		});
	}

	function leave(this: BoardSocket, payload: unknown, ack: unknown) {
		void guard(services, this, ack, async (actor) => {
			const { meetingId } = parseInput(meetingRef, payload);
			await this.leave(rooms.meeting(meetingId));
			await this.leave(screenRoom(meetingId));
			refreshPresence(io, services, actor.jurisdictionId, meetingId);
		});
	}

	function focus(this: BoardSocket, payload: unknown, ack: unknown) {
		void guard(services, this, ack, (actor) => {
			const { meetingId, agendaItemId } = parseInput(focusInput, payload);
			return focusOn(services.db, actor, meetingId, agendaItemId);
		});
	}

	// Rooms are gone by the time 'disconnect' fires, so note them while they are still there.
	function disconnecting(this: BoardSocket) {
		const left = joinedMeetings(this);
		if (!left.length) return;
		const { jurisdictionId } = this.data.actor;
		this.once('disconnect', () => {
			for (const meetingId of left) refreshPresence(io, services, jurisdictionId, meetingId);
		});
	}

	return (socket) => {
		for (const [event, command] of commands) socket.on(event, command);
		socket.on('meeting:join:v1', join);
		socket.on('meeting:room:join:v1', joinRoomScreen);
		socket.on('meeting:leave:v1', leave);
		socket.on('meeting:focus:v1', focus);
		socket.on('disconnecting', disconnecting);
	};
};

async function presentUserIds(io: BoardServer, meetingId: string): Promise<string[]> {
	const sockets = await io.in(rooms.meeting(meetingId)).fetchSockets();
	return [...new Set(sockets.map((s) => s.data.actor.userId))];
}

/** Who has the meeting open, with agency, and the room screens recomputed for them. */
function refreshPresence(
	io: BoardServer,
	services: Services,
	jurisdictionId: string,
	meetingId: string
): void {
	sendPresence(io, services, jurisdictionId, meetingId)
		.then(() => sendRoom(io, services, jurisdictionId, meetingId))
		.catch((error: unknown) => log('error', 'meeting.presence_failed', { meetingId, error: String(error) }));
}

async function sendPresence(io: BoardServer, services: Services, jurisdictionId: string, meetingId: string) {
	const sockets = await io.in(rooms.meeting(meetingId)).fetchSockets();
	const dir = loadDirectory(services.db, jurisdictionId);
	const people = new Map<string, MeetingPresentUser>();
	for (const s of sockets) {
		const p = dir.people.get(s.data.actor.userId);
		if (!p) continue;
		const seen = people.get(p.userId);
		if (seen) seen.connections += 1;
		else {
			const agencyName = dir.agencies.get(p.agencyId)?.name ?? p.agencyShort;
			people.set(p.userId, {
				userId: p.userId,
				name: p.name,
				role: p.role,
				agencyName,
				agencyShort: p.agencyShort,
				agencyKind: p.agencyKind,
				connections: 1
			});
		}
	}
	const list = [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
	io.to(rooms.meeting(meetingId)).emit('meeting:presence:v1', { meetingId, people: list });
}

async function sendRoom(io: BoardServer, services: Services, jurisdictionId: string, meetingId: string) {
	const screens = await io.in(screenRoom(meetingId)).fetchSockets();
	if (!screens.length) return;
	const view = roomView(services.db, meetingId, jurisdictionId, await presentUserIds(io, meetingId));
	io.to(screenRoom(meetingId)).emit('meeting:room:v1', view);
}

/** Sends every personal screen in the meeting its own view; someone no longer invited is told and removed. */
async function sendViews(io: BoardServer, services: Services, meetingId: string) {
	const now = new Date();
	const views = new Map<string, ReturnType<typeof meetingView> | null>();
	for (const s of await io.in(rooms.meeting(meetingId)).fetchSockets()) {
		if (s.rooms.has(screenRoom(meetingId))) continue; // room screens get the room view only
		const userId = s.data.actor.userId;
		if (!views.has(userId)) views.set(userId, viewFor(services, userId, meetingId, now));
		const view = views.get(userId);
		if (view) s.emit('meeting:view:v1', view);
		else {
			s.emit('meeting:removed:v1', { meetingId });
			s.leave(rooms.meeting(meetingId));
			s.leave(screenRoom(meetingId));
		}
	}
}

function viewFor(services: Services, userId: string, meetingId: string, now: Date) {
	const actor = loadActor(services.db, userId);
	if (!actor) return null;
	try {
		return meetingView(services.db, actor, meetingId, { now });
	} catch (error) {
		if (isDomainError(error)) return null;
		throw error;
	}
}

/** Action items carry across meetings, so a change to one refreshes every open meeting. */
const CROSS_MEETING = new Set(['meeting.action_item_status']);

/**
 * The meetings this server has a room open for, kept up to date as rooms open and close: every
 * participant change asks, and a server with hundreds of people connected has hundreds of rooms.
 */
function openMeetings(io: BoardServer): { ids(): Iterable<string>; stop(): void } {
	const adapter = io.sockets.adapter;
	const open = new Set<string>();
	const meetingOf = (room: string) =>
		room.startsWith(MEETING_ROOM_PREFIX) ? MEETING_ROOM.exec(room)?.[1] : undefined;
	const opened = (room: string) => {
		const id = meetingOf(room);
		if (id) open.add(id);
	};
	const closed = (room: string) => {
		const id = meetingOf(room);
		if (id) open.delete(id);
	};
	for (const room of adapter.rooms.keys()) opened(room);
	adapter.on('create-room', opened);
	adapter.on('delete-room', closed);
	return {
		ids: () => [...open],
		stop() {
			adapter.off('create-room', opened);
			adapter.off('delete-room', closed);
		}
	};
}

export const broadcastMeetings: Broadcaster = (io, services) => {
	const refresh = (jurisdictionId: string, meetingId: string) =>
		sendViews(io, services, meetingId)
			.then(() => sendRoom(io, services, jurisdictionId, meetingId))
			.catch((error: unknown) => log('error', 'meeting.fanout_failed', { meetingId, error: String(error) }));
	const meetings = openMeetings(io);
	const onMeeting = (change: MeetingChanged) => {
		const ids = CROSS_MEETING.has(change.kind) ? meetings.ids() : [change.meetingId];
		for (const id of ids) void refresh(change.jurisdictionId, id);
	};
	// A participant discussed right now changed (a new contact during the meeting): refresh that meeting.
	const onParticipant = (change: ParticipantChanged) => {
		for (const id of meetings.ids()) {
			const m = getMeeting(services.db, id);
			if (
				m?.status === 'live' &&
				m.currentItemId &&
				discusses(services, m.currentItemId, change.participantId)
			) {
				void refresh(m.jurisdictionId, id);
			}
		}
	};
	services.events.on('meeting-changed', onMeeting);
	services.events.on('participant-changed', onParticipant);
	return () => {
		meetings.stop();
		services.events.off('meeting-changed', onMeeting);
		services.events.off('participant-changed', onParticipant);
	};
};

function discusses(services: Services, agendaItemId: string, participantId: string): boolean {
	const m = services.db.query.agendaItems.findFirst({ where: (i, { eq }) => eq(i.id, agendaItemId) }).sync();
	return m?.participantId === participantId;
}
