import { describe, expect, it } from 'vitest';
import { ConfigError, isAllowedOrigin, loadConfig, withListeningPort } from '../../src/lib/server/config';

describe('configuration', () => {
	it('defaults to demo mode on port 3000 with the SQLite file under data/', () => {
		const config = loadConfig({});
		expect(config).toMatchObject({ mode: 'demo', port: 3000, databasePath: './data/lead-board.sqlite' });
		expect(config.allowedOrigins).toContain('http://localhost:3000');
		expect(config.socketMaxPayloadBytes).toBe(1_000_000);
		expect(config.yjsMaxUpdateBytes).toBe(1024 * 1024);
	});

	it('refuses to start in production without a public URL and a secret', () => {
		expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
		try {
			loadConfig({ NODE_ENV: 'production' });
		} catch (error) {
			expect((error as ConfigError).problems.join('\n')).toMatch(/ORIGIN[\s\S]*AUTH_SECRET/);
		}
	});

	it('accepts production settings and allows only the configured origins', () => {
		const config = loadConfig({
			NODE_ENV: 'production',
			ORIGIN: 'https://lead.county.gov/',
			AUTH_SECRET: 'k'.repeat(40),
			ALLOWED_ORIGINS: 'https://room-screen.county.gov'
		});
		expect(config.mode).toBe('production');
		expect(config.allowedOrigins).toEqual(['https://lead.county.gov', 'https://room-screen.county.gov']);
		expect(isAllowedOrigin(config, 'http://localhost:3000')).toBe(false);
		expect(isAllowedOrigin(config, 'https://lead.county.gov')).toBe(true);
	});

	it('names each bad setting', () => {
		expect(() => loadConfig({ PORT: 'eighty', SOCKET_MAX_PAYLOAD_BYTES: '-1' })).toThrow(
			/PORT[\s\S]*SOCKET_MAX_PAYLOAD_BYTES/
		);
	});

	it('learns the real port of a demo started on port 0', () => {
		const config = withListeningPort(loadConfig({ PORT: '0' }), 41234);
		expect(config.allowedOrigins).toContain('http://127.0.0.1:41234');
		expect(config.allowedOrigins).not.toContain('http://127.0.0.1:0');
	});
});
