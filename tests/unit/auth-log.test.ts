/** Better Auth's own messages reach the log as the board's JSON lines, without email addresses. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authLog, createAuth } from '../../src/lib/server/auth';
import { buildWorld } from '../helpers/factories';

afterEach(() => {
	vi.restoreAllMocks();
	vi.unstubAllEnvs();
});

describe('Better Auth’s log', () => {
	it('is written as one JSON line with its level, and an email address in it is withheld', () => {
		vi.stubEnv('LEAD_LOG', 'info');
		const printed: string[] = [];
		vi.spyOn(console, 'error').mockImplementation((line: string) => void printed.push(line));
		authLog('error', 'Invalid origin for someone.person@county.gov: https://elsewhere.example');
		expect(printed).toHaveLength(1);
		const line = JSON.parse(printed[0]) as { level: string; event: string; message: string };
		expect(line).toMatchObject({ level: 'error', event: 'auth.message' });
		expect(line.message).toMatch(/^Invalid origin for \[withheld\] https:\/\/elsewhere\.example$/);
	});

	it('is the logger the board gives Better Auth', () => {
		const world = buildWorld({}, null);
		try {
			const auth = createAuth({
				db: world.db,
				secret: 'a-secret-of-at-least-thirty-two-characters',
				trustedOrigins: ['http://localhost:3000'],
				sessionMaxAgeSeconds: 3600,
				signInPerMinute: 10,
				onSessionEnded: () => {},
				isDisabled: () => false
			});
			expect(auth.options.logger?.log).toBe(authLog);
		} finally {
			world.close();
		}
	});
});
