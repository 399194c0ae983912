/**
 * `execute`: the one door every change comes through, whichever channel it came from (a form
 * action, a socket event). It looks the command up, runs what must happen before the
 * transaction, performs the command (validated, authorized, stored and audited in one
 * transaction, a refusal audited as denied), and only then announces the stored changes.
 */
import type { Auth } from '../auth';
import type { Db } from '../db';
import { DomainError } from '../errors';
import type { Actor } from '../policy';
import { ERROR_CODES } from '../../shared/errors';
import {
	admit,
	store,
	type AnyCommand,
	type CommandResult,
	type PerformOptions,
	type PrepareDeps
} from './command';
import { announce, type BoardEvents } from './events';
import { COMMANDS, FOLLOWERS, type CommandName, type Commands } from './registry';

/** What `execute` needs of the running board. */
export interface CommandDeps {
	db: Db;
	events: BoardEvents;
	/** The auth library, for the commands that hash a password. */
	auth?: Auth;
	/** Told how long each command's transaction took (the operator's metrics). */
	metrics?: { dbWrite(command: string, seconds: number): void };
}

export function isCommandName(name: unknown): name is CommandName {
	return typeof name === 'string' && Object.hasOwn(COMMANDS, name);
}

/** Stores one change and announces it; throws a DomainError (nothing stored) when refused. */
export async function execute<N extends CommandName>(
	deps: CommandDeps,
	actor: Actor,
	name: N,
	input: unknown,
	meta: PerformOptions = {}
): Promise<CommandResult<Commands[N]>> {
	if (!isCommandName(name)) {
		throw new DomainError(ERROR_CODES.INVALID_INPUT, 'That is not a change the board knows.');
	}
	const command: AnyCommand = COMMANDS[name];
	const data = admit(deps.db, actor, command, input, meta);
	const prepared = command.prepare ? await command.prepare(data, prepareDeps(deps)) : undefined;
	const started = performance.now();
	const outcome = store(deps.db, actor, command, data, meta, prepared, FOLLOWERS[name]);
	deps.metrics?.dbWrite(name, (performance.now() - started) / 1000);
	announce(deps.events, outcome.changes);
	return outcome.data as CommandResult<Commands[N]>;
}

function prepareDeps(deps: CommandDeps): PrepareDeps {
	return {
		async hashPassword(password) {
			if (!deps.auth) throw new Error('This change needs the auth library, which was not given.');
			return (await deps.auth.$context).password.hash(password);
		}
	};
}
