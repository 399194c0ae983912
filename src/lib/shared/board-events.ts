/** The socket.io events of the participant board. Payload types come from the domain's views. */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BoardServerEvents {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BoardClientEvents {}
