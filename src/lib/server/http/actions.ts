/** Maps a domain error to a form action failure with field messages; anything else rethrows. */
import { error, fail } from '@sveltejs/kit';
import { isDomainError } from '../errors';

const STATUS: Record<string, number> = {
	invalid_input: 400,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	too_large: 413,
	rate_limited: 429
};

export function failFromDomain<E extends Record<string, unknown>>(error: unknown, extra: E) {
	if (!isDomainError(error)) throw error;
	return fail(STATUS[error.code] ?? 400, {
		...extra,
		code: error.code,
		message: error.message,
		fields: error.fields ?? ({} as Record<string, string>),
		current: error.detail ?? null
	});
}

/** Runs a page's load; a refusal or a missing record becomes the page's 403 or 404, with its words. */
export function pageLoad<T>(load: () => T): T {
	try {
		return load();
	} catch (e) {
		if (isDomainError(e) && (e.code === 'forbidden' || e.code === 'not_found'))
			error(STATUS[e.code], e.message);
		throw e;
	}
}
