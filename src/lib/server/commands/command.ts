/**
 * What a command is, and `perform`: the one transaction runner every write in the board goes
 * through. It validates the input, runs the command (which asks the policy and writes) in one
 * transaction with its audit entry and idempotency record, and hands back the data and the
 * changes to announce. A refusal by the policy is recorded as denied after the rollback.
 *
 * Commands run synchronously on the embedded SQLite store; everything around them (`execute`,
 * the form actions and socket handlers) is asynchronous, so a store that answers later can take
 * its place behind `perform` without touching a caller.
 */
import type { z } from 'zod';
import { actorFields, recordAudit, type AuditEntryInput } from '../audit';
import { auditingRefusal } from '../audit/refusals';
import type { Conn } from '../db';
import { forbidden } from '../errors';
import type { Actor } from '../policy';
import { ChangeSet, type Changes } from './events';
import { checkKey, parseInput, priorOutcome, rememberOutcome } from './kernel';
import { inWrite } from '../db/write';

/** What an audit entry says about a command: which action, on what. */
export type AuditSubject = Pick<AuditEntryInput, 'action' | 'objectType' | 'objectId' | 'detail'>;

/** What the caller knows about the change besides its input. */
export interface PerformOptions {
	/** A client-chosen key; a retry with the same key from the same user returns the first outcome. */
	idempotencyKey?: string;
	/** The moment of the change (tests and the demo seed pass one). */
	now?: Date;
	/** The client's address, for the audit entry. */
	sourceAddress?: string | null;
}

/** What a command's work is given. */
export interface CommandContext {
	tx: Conn;
	actor: Actor;
	now: Date;
	sourceAddress: string | null;
	changes: ChangeSet;
	/** Records a further audit entry in this transaction (the command's own entry is the kernel's). */
	audit(subject: AuditSubject): void;
}

export interface Command<S extends z.ZodType = z.ZodType, R = unknown, P = undefined> {
	/** Stable name: what forms and socket events ask for, and the idempotency kind. */
	readonly name: string;
	readonly input: S;
	/**
	 * Whether this person may use the command at all, asked before the input is read (someone who
	 * may never create accounts is refused whatever they sent). Finer checks, which need the
	 * records, are the command's own.
	 */
	permit?(actor: Actor): boolean;
	/**
	 * Work that cannot run inside the transaction, such as hashing a password; `execute` awaits it
	 * before the transaction starts.
	 */
	prepare?(data: z.output<S>, deps: PrepareDeps): Promise<P>;
	/**
	 * The audit entry of the change (with its result), or of a refused attempt (without). A null
	 * answer for a result means nothing changed, so there is nothing to record.
	 */
	audit(data: z.output<S>, result: R | undefined, conn: Conn): AuditSubject | null;
	run(ctx: CommandContext, data: z.output<S>, prepared: P): R;
}

/**
 * Further work a stored command causes, in the command's own transaction (the notifications a
 * police contact raises). Registered beside the commands in `registry.ts`; a follower that
 * throws rolls the whole change back.
 */
export type Follower = (ctx: CommandContext, data: unknown, result: unknown) => void;

/** Any command, whatever its input and result (the registry's view of them). */
export type AnyCommand = Command<z.ZodType, unknown, unknown>;

/** What `prepare` steps may use (the password hasher of the auth library). */
export interface PrepareDeps {
	hashPassword(password: string): Promise<string>;
}

/** A stored command's data and the changes to announce. */
export interface Outcome<R> {
	data: R;
	changes: Changes;
}

export type CommandResult<C> = C extends { run: (...args: never[]) => infer R } ? R : never;

/** Declares a command; the identity function, for the types. */
export function defineCommand<S extends z.ZodType, R, P = undefined>(
	command: Command<S, R, P>
): Command<S, R, P> {
	return command;
}

/**
 * Runs one command in one transaction: `admit`, then `store`. For the callers that run a command
 * whole and synchronously (the demo seed, the domain's tests); `execute` runs the same two steps
 * with a command's `prepare` between them.
 */
export function perform<S extends z.ZodType, R, P>(
	conn: Conn,
	actor: Actor,
	command: Command<S, R, P>,
	input: unknown,
	opts: PerformOptions = {},
	prepared?: P,
	followers: readonly Follower[] = []
): Outcome<R> {
	return store(conn, actor, command, admit(conn, actor, command, input, opts), opts, prepared, followers);
}

/**
 * The checks before any work: may this person use the command at all (a refusal is recorded as
 * denied), and is the input well formed. Answers the parsed input.
 */
export function admit<S extends z.ZodType, R, P>(
	conn: Conn,
	actor: Actor,
	command: Command<S, R, P>,
	input: unknown,
	opts: PerformOptions = {}
): z.output<S> {
	const attempt = () => attemptOf(conn, command, claimed(input), opts);
	return auditingRefusal(conn, actor, attempt, () => {
		if (command.permit && !command.permit(actor)) throw forbidden();
		return parseInput(command.input, input);
	});
}

/**
 * Stores one admitted command in one transaction with its audit entry, its followers' work and
 * its idempotency record. A repeated idempotency key from the same user returns the stored
 * outcome and writes nothing; a thrown error rolls everything back, and a refusal by the policy
 * is then recorded as denied.
 */
export function store<S extends z.ZodType, R, P>(
	conn: Conn,
	actor: Actor,
	command: Command<S, R, P>,
	data: z.output<S>,
	opts: PerformOptions = {},
	prepared?: P,
	followers: readonly Follower[] = []
): Outcome<R> {
	const key = checkKey(opts.idempotencyKey ?? keyIn(data));
	const now = opts.now ?? new Date();
	const sourceAddress = opts.sourceAddress ?? null;
	return auditingRefusal(
		conn,
		actor,
		() => attemptOf(conn, command, data, opts),
		() =>
			inWrite(conn, () => {
				const prior = priorOutcome<Outcome<R>>(conn, actor, key, command.name);
				if (prior) return prior.outcome;
				const changes = new ChangeSet(actor);
				const audit = (subject: AuditSubject) =>
					recordAudit(conn, { ...actorFields(actor), sourceAddress, ...subject, outcome: 'success' }, now);
				const ctx: CommandContext = { tx: conn, actor, now, sourceAddress, changes, audit };
				const result = command.run(ctx, data, prepared as P);
				for (const follow of followers) follow(ctx, data, result);
				const subject = command.audit(data, result, conn);
				// Same transaction: if the audit entry cannot be stored, the change is rolled back.
				if (subject) audit(subject);
				const outcome = { data: result, changes: changes.collected() };
				rememberOutcome(conn, actor, key, command.name, outcome, now);
				return outcome;
			})
	);
}

/** The audit entry of a refused attempt. */
function attemptOf<S extends z.ZodType, R, P>(
	conn: Conn,
	command: Command<S, R, P>,
	data: unknown,
	opts: PerformOptions
) {
	return {
		...command.audit(data as z.output<S>, undefined, conn)!,
		sourceAddress: opts.sourceAddress ?? null
	};
}

/** The ids an unchecked input names, for the entry of an attempt refused before parsing. */
function claimed(input: unknown): Record<string, string> {
	if (!input || typeof input !== 'object') return {};
	return Object.fromEntries(
		Object.entries(input).filter(([, v]) => typeof v === 'string' && v.length > 0 && v.length <= 64)
	) as Record<string, string>;
}

/** A key the input itself carries (a form's hidden field, a socket payload's own key). */
function keyIn(data: unknown): string | undefined {
	const key = (data as { idempotencyKey?: unknown } | null)?.idempotencyKey;
	return typeof key === 'string' ? key : undefined;
}
