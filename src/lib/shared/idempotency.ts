/**
 * The idempotency key a client sends with a change, so a retry (a lost acknowledgement, an
 * offline change sent again) never applies twice. The browser makes them; the server checks them.
 */
import { z } from 'zod';

export const IdempotencyKey = z
	.string()
	.regex(/^[A-Za-z0-9_:.-]{8,128}$/, 'Use 8-128 letters, digits, dashes, dots, colons or underscores.');
