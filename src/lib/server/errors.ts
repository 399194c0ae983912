/**
 * The typed error every domain function throws. Routes turn it into `fail()`/`error()`,
 * socket handlers into an ack `{ ok: false, code, message }`: the code decides, never the text.
 */
import type { ZodError } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../shared/errors';

export class DomainError extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly fields?: Record<string, string>,
		/** Extra data safe to show this caller (e.g. the current value on a conflict). */
		readonly detail?: unknown
	) {
		super(message);
		this.name = 'DomainError';
	}
}

/**
 * A refusal for now only: the board is busy, or the person's allowance of events is spent. The
 * caller may ask again after `retryAfterSeconds`.
 */
export class TryLater extends DomainError {
	constructor(
		code: typeof ERROR_CODES.BUSY | typeof ERROR_CODES.RATE_LIMITED,
		message: string,
		readonly retryAfterSeconds: number
	) {
		super(code, message);
	}
}

export const forbidden = (message = 'You are not allowed to do that.') =>
	new DomainError(ERROR_CODES.FORBIDDEN, message);

export const notFound = (what: string) => new DomainError(ERROR_CODES.NOT_FOUND, `${what} was not found.`);

export const conflict = (message: string, current?: unknown) =>
	new DomainError(ERROR_CODES.CONFLICT, message, undefined, current);

/** Turns a zod failure into one message per field, keyed by the field's path. */
export function invalidInput(error: ZodError, message = 'Some fields need attention.'): DomainError {
	const fields: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.length ? issue.path.join('.') : '_';
		fields[key] ??= issue.message;
	}
	return new DomainError(ERROR_CODES.INVALID_INPUT, message, fields);
}

export function isDomainError(error: unknown): error is DomainError {
	return error instanceof DomainError;
}
