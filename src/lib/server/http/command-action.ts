/**
 * The one adapter between a form action and the command layer: reads the posted form the same
 * way for every page, runs the command through `execute` (which stores, audits and announces),
 * and answers `{ ok, op, data }`, or the `fail()` a page shows beside the form with its field
 * messages and what the person typed (never a password).
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { execute, isCommandName, type CommandName } from '../commands';
import type { CommandResult } from '../commands/command';
import type { Commands } from '../commands/registry';
import { addressOf } from '../audit';
import { DomainError } from '../errors';
import type { Actor } from '../policy';
import type { Services } from '../services';
import { getJurisdiction } from '../users';
import { ERROR_CODES } from '../../shared/errors';
import { readFormInput } from '../../shared/form-input';
import { failFromDomain } from './actions';

/** What an action is given by SvelteKit that the adapter uses. */
export type ActionEvent = Pick<RequestEvent, 'request' | 'getClientAddress'> & {
	locals: { actor: Actor | null; services: Services };
};

export interface CommandActionOptions<N extends CommandName> {
	/** The command; when absent, the form names it in its `op` field and it must be one of `allowed`. */
	name?: N;
	allowed?: readonly CommandName[];
	/** Input that comes from the page rather than the form (the meeting or participant of the URL). */
	extra?: Record<string, unknown>;
	/** Values a form leaves out when nothing is chosen (no agency ticked is an empty list). */
	defaults?: Record<string, unknown>;
	/** File fields (an upload), given to the command as their bytes; an empty file field is left out. */
	files?: readonly string[];
}

/** The signed-in person, or a 401 for a request that somehow reached an action without one. */
export function signedIn(event: Pick<ActionEvent, 'locals'>): Actor {
	if (!event.locals.actor) error(401, 'Sign in to use the board.');
	return event.locals.actor;
}

export async function commandAction<N extends CommandName = CommandName>(
	event: ActionEvent,
	options: CommandActionOptions<N> = {}
) {
	const actor = signedIn(event);
	const { services } = event.locals;
	const form = await event.request.formData();
	const timeZone = getJurisdiction(services.db, actor.jurisdictionId)?.timezone ?? 'UTC';
	const posted = readFormInput(form, timeZone);
	const op = options.name ?? posted.op;
	try {
		if (!isCommandName(op) || (!options.name && !options.allowed?.includes(op))) {
			throw new DomainError(ERROR_CODES.INVALID_INPUT, 'That form is not one the board knows.');
		}
		const input = {
			...options.defaults,
			...posted.input,
			...(await uploads(form, options.files)),
			...options.extra
		};
		const data: CommandResult<Commands[N]> = await execute(services, actor, op as N, input, {
			idempotencyKey: posted.idempotencyKey,
			sourceAddress: addressOf(event.getClientAddress)
		});
		return { ok: true as const, op, data };
	} catch (e) {
		return failFromDomain(e, { op: op ?? undefined, values: typedValues(form) });
	}
}

async function uploads(form: FormData, names: readonly string[] = []): Promise<Record<string, Uint8Array>> {
	const out: Record<string, Uint8Array> = {};
	for (const name of names) {
		const file = form.get(name);
		if (file instanceof File && file.size > 0) out[name] = new Uint8Array(await file.arrayBuffer());
	}
	return out;
}

/** What the person typed, to put back in the form after a refusal; secrets never go back. */
function typedValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [name, value] of form.entries()) {
		if (typeof value === 'string' && !/password|secret|token/i.test(name)) values[name] = value;
	}
	return values;
}
