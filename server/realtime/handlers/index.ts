/** Every area's socket handlers and broadcasters, registered in one place. */
import { broadcastBoard, registerBoard } from './board';
import type { Broadcaster, Registrar } from './context';
import { broadcastMeetings, registerMeetings } from './meetings';
import { registerPresence } from './presence';
import { broadcastNotifications } from './notifications';
import { broadcastProgram } from './program';

export const REGISTRARS: Registrar[] = [registerPresence, registerBoard, registerMeetings];
export const BROADCASTERS: Broadcaster[] = [
	broadcastBoard,
	broadcastMeetings,
	broadcastProgram,
	broadcastNotifications
];
