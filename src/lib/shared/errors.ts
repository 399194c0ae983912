/**
 * Error and close codes with stable ids, shared by server and browser so both sides name a
 * refusal the same way. Add codes; never renumber or rename one.
 */

export const ERROR_CODES = {
	UNAUTHENTICATED: 'unauthenticated',
	FORBIDDEN: 'forbidden',
	BAD_ORIGIN: 'bad_origin',
	INVALID_INPUT: 'invalid_input',
	NOT_FOUND: 'not_found',
	CONFLICT: 'conflict',
	TOO_LARGE: 'too_large',
	RATE_LIMITED: 'rate_limited',
	/** The server is overloaded and refused expensive work for now; try again in a few seconds. */
	BUSY: 'busy',
	SESSION_ENDED: 'session_ended',
	INTERNAL: 'internal'
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The reply to every socket event that changes or asks for something. */
export type Ack<T = undefined> =
	| (T extends undefined ? { ok: true } : { ok: true; data: T })
	| {
			ok: false;
			code: ErrorCode;
			message: string;
			fields?: Record<string, string>;
			/** On a conflict: the record's current value, as this caller may see it. */
			current?: unknown;
			/** On `busy` or `rate_limited`: seconds to wait before asking again. */
			retryAfterSeconds?: number;
	  };

/**
 * WebSocket close codes for `/yjs/<room>` (4000-4999 is the application range).
 * An HTTP refusal at the upgrade uses the status named beside each.
 */
export const CLOSE_CODES = {
	UNAUTHENTICATED: { code: 4401, reason: 'unauthenticated', status: 401 },
	FORBIDDEN: { code: 4403, reason: 'forbidden', status: 403 },
	BAD_ORIGIN: { code: 4400, reason: 'bad_origin', status: 403 },
	NOT_FOUND: { code: 4404, reason: 'not_found', status: 404 },
	TOO_LARGE: { code: 4413, reason: 'too_large', status: 413 },
	INVALID_UPDATE: { code: 4422, reason: 'invalid_update', status: 400 },
	ROOM_FULL: { code: 4429, reason: 'room_full', status: 429 },
	SESSION_ENDED: { code: 4410, reason: 'session_ended', status: 401 },
	SERVER_ERROR: { code: 4500, reason: 'server_error', status: 500 },
	SHUTTING_DOWN: { code: 1001, reason: 'shutting_down', status: 503 }
} as const;
export type CloseCode = keyof typeof CLOSE_CODES;
