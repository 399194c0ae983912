/**
 * Study pseudonyms: a keyed hash (HMAC-SHA256) of a participant's stable record id under the
 * study's secret. Without the secret a pseudonym cannot be traced back to a record or linked to
 * another study's; with it, the same record always gives the same pseudonym, so an evaluator can
 * join the exports of one study taken months apart.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** Bytes of a study's secret: as long as the hash, so the key is never the weak part. */
const SECRET_BYTES = 32;
/** Hex characters kept (64 bits): no two of even a million people collide in practice. */
const PSEUDONYM_LENGTH = 16;

/** A new study's secret, from the operating system's random source. */
export function newStudySecret(): Buffer {
	return randomBytes(SECRET_BYTES);
}

/** The pseudonym of one participant record in one study. */
export function pseudonymOf(secret: Uint8Array, participantId: string): string {
	return createHmac('sha256', secret).update(participantId, 'utf8').digest('hex').slice(0, PSEUDONYM_LENGTH);
}
