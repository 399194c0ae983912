/**
 * The typed socket.io contract, shared by the browser and the server, and the functions that
 * build room names. An event whose payload changes gets a new version suffix.
 */
import type { BoardClientEvents, BoardServerEvents } from './board-events';
import type { PresentUser, SessionEnded } from './connections';
import type { Ack } from './errors';
import type { MeetingClientEvents, MeetingServerEvents } from './meeting-events';
import type { NotificationsChanged } from './notifications';

export type { PresentUser } from './connections';

/** Where socket.io is mounted on the one HTTP server. */
export const SOCKET_PATH = '/socket.io/';
/** Prefix of the Yjs WebSocket endpoint: `/yjs/<room>`. */
export const YJS_PATH_PREFIX = '/yjs/';

export interface ServerToClientEvents extends BoardServerEvents, MeetingServerEvents {
	'presence:v1': (people: PresentUser[]) => void;
	'session:ended:v1': (payload: SessionEnded) => void;
	/** The program's settings, agencies or rules changed: reload what the screen shows. */
	'program:changed:v1': (payload: { kind: string }) => void;
	/** This person's notifications changed (one arrived, or some were read on any device). */
	'notifications:v1': (payload: NotificationsChanged) => void;
}

export interface ClientToServerEvents extends BoardClientEvents, MeetingClientEvents {
	'presence:list:v1': (ack: (reply: Ack<PresentUser[]>) => void) => void;
}

export const rooms = {
	jurisdiction: (jurisdictionId: string) => `jurisdiction:${jurisdictionId}`,
	user: (userId: string) => `user:${userId}`,
	session: (sessionId: string) => `session:${sessionId}`,
	meeting: (meetingId: string) => `meeting:${meetingId}`,
	participant: (participantId: string) => `participant:${participantId}`,
	/** Every open screen of people who share a seat (jurisdiction, role, agency); server only. */
	seat: (seat: string) => `seat:${seat}`
};

/** Yjs document names: one per meeting's notes. */
export const yjsRooms = {
	meetingNotes: (meetingId: string) => `meeting.${meetingId}.notes`
};

/** Parses a Yjs room name back into what it names, or null when it names nothing we serve. */
export function parseYjsRoom(room: string): { kind: 'meeting-notes'; meetingId: string } | null {
	const match = /^meeting\.([A-Za-z0-9_-]{1,64})\.notes$/.exec(room);
	return match ? { kind: 'meeting-notes', meetingId: match[1] } : null;
}
