import { describe, expect, it } from 'vitest';
import { RECONNECT, reconnectDelay, stopFor } from '../../src/lib/client/notes-link';
import { CLOSE_CODES } from '../../src/lib/shared/errors';

describe('when the notes reconnect, and when they stop', () => {
	it('draws each reconnect delay at random over a window that doubles up to the cap', () => {
		expect(reconnectDelay(0, () => 0)).toBe(RECONNECT.floorMs);
		expect(reconnectDelay(0, () => 0.999)).toBeLessThanOrEqual(RECONNECT.floorMs + RECONNECT.firstMs);
		expect(reconnectDelay(3, () => 0.5)).toBe(RECONNECT.floorMs + 4 * RECONNECT.firstMs);
		expect(reconnectDelay(40, () => 0.999)).toBeLessThanOrEqual(RECONNECT.floorMs + RECONNECT.maxMs);
		// Clients that lost the server together come back spread over the window, not at once.
		const firstTries = Array.from({ length: 200 }, () => reconnectDelay(0));
		expect(Math.max(...firstTries) - Math.min(...firstTries)).toBeGreaterThan(RECONNECT.firstMs / 2);
	});

	it('retries after a restart or a drop, and stops on refusals retrying cannot fix', () => {
		expect(stopFor(CLOSE_CODES.SHUTTING_DOWN.code)).toBeNull();
		expect(stopFor(1006)).toBeNull();
		expect(stopFor(CLOSE_CODES.SERVER_ERROR.code)).toBeNull();
		expect(stopFor(CLOSE_CODES.TOO_LARGE.code)).toBe('too-large');
		expect(stopFor(1009)).toBe('too-large');
		expect(stopFor(CLOSE_CODES.FORBIDDEN.code)).toBe('refused');
		expect(stopFor(CLOSE_CODES.SESSION_ENDED.code)).toBe('signed-out');
		expect(stopFor(CLOSE_CODES.INVALID_UPDATE.code)).toBe('rejected');
	});
});
