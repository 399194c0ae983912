/** Meetings over socket.io: following the facilitator, decisions and action items. */
import type { Broadcaster, Registrar } from './context';

export const registerMeetings: Registrar = () => {};

export const broadcastMeetings: Broadcaster = () => () => {};
