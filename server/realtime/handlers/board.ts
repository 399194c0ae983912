/** The participant board over socket.io: roster reads, mutations, catch-up, per-recipient fan-out. */
import type { Broadcaster, Registrar } from './context';

export const registerBoard: Registrar = () => {};

export const broadcastBoard: Broadcaster = () => () => {};
