/**
 * Refused writes in the audit trail: a change the policy module refused is recorded as `denied`,
 * after its transaction has rolled back, so the trail shows who tried to change what even though
 * nothing changed. Only refusals are recorded this way; bad input is not an access attempt.
 */
import { ERROR_CODES } from '../../shared/errors';
import { isDomainError } from '../errors';
import { log } from '../log';
import type { Conn } from '../db';
import type { Actor } from '../policy';
import { actorFields, type AuditEntryInput } from './actions';
import { recordAudit } from './record';

type Attempt = Pick<AuditEntryInput, 'action' | 'objectType' | 'objectId' | 'sourceAddress' | 'detail'>;

/** Runs `write`; when the policy refuses it, records the attempt as denied and rethrows the refusal. */
export function auditingRefusal<T>(db: Conn, actor: Actor, attempt: Attempt, write: () => T): T {
	try {
		return write();
	} catch (error) {
		if (isDomainError(error) && error.code === ERROR_CODES.FORBIDDEN) recordRefusal(db, actor, attempt);
		throw error;
	}
}

function recordRefusal(db: Conn, actor: Actor, attempt: Attempt): void {
	try {
		recordAudit(db, { ...actorFields(actor), ...attempt, outcome: 'denied' });
	} catch (failure) {
		// The refusal stands either way; the failed entry is worth an operator's attention.
		log('error', 'audit.denied_not_recorded', {
			action: attempt.action,
			error: failure instanceof Error ? failure.name : typeof failure
		});
	}
}

/** An id the caller sent, for the entry's object column: only a plain string of a sane length. */
export function claimedId(input: unknown, key: string): string | null {
	const value = (input as Record<string, unknown> | null)?.[key];
	return typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : null;
}
