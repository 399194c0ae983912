/** The socket.io events of meetings (agenda, live meeting, decisions). */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MeetingServerEvents {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MeetingClientEvents {}
