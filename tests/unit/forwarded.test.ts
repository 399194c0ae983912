/** TRUST_PROXY: which forwarded client addresses and protocols the board believes. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config';
import { clientOf, stampClient, trustFor, type TrustProxy } from '../../src/lib/server/http/forwarded';

function request(peer: string, headers: Record<string, string> = {}) {
	return { socket: { remoteAddress: peer }, headers } as unknown as Parameters<typeof clientOf>[0];
}

const behind = (setting: TrustProxy, peer: string, headers: Record<string, string>) =>
	clientOf(request(peer, headers), trustFor(setting));

describe('without TRUST_PROXY', () => {
	it('takes the connection’s own address and protocol, whatever the client forwards', () => {
		expect(
			behind(null, '198.51.100.7', { 'x-forwarded-for': '10.1.1.1', 'x-forwarded-proto': 'https' })
		).toEqual({
			address: '198.51.100.7',
			protocol: 'http'
		});
	});
});

describe('TRUST_PROXY as a hop count', () => {
	it('believes as many forwarded addresses as there are proxies, counted from the connection', () => {
		const headers = { 'x-forwarded-for': '203.0.113.9, 192.0.2.44, 10.0.0.2' };
		expect(behind({ hops: 1 }, '10.0.0.1', headers).address).toBe('10.0.0.2');
		expect(behind({ hops: 2 }, '10.0.0.1', headers).address).toBe('192.0.2.44');
	});

	it('believes the forwarded protocol only from a trusted proxy', () => {
		expect(behind({ hops: 1 }, '10.0.0.1', { 'x-forwarded-proto': 'https' }).protocol).toBe('https');
		expect(behind(null, '10.0.0.1', { 'x-forwarded-proto': 'https' }).protocol).toBe('http');
	});
});

describe('TRUST_PROXY as addresses', () => {
	const setting = { addresses: ['127.0.0.1', '10.0.0.0/8'] };

	it('walks back past trusted proxies to the first address it does not trust', () => {
		const headers = { 'x-forwarded-for': '203.0.113.9, 192.0.2.44, 10.0.0.2' };
		expect(behind(setting, '127.0.0.1', headers).address).toBe('192.0.2.44');
	});

	it('ignores a forwarded address from a connection that is not a trusted proxy', () => {
		const forged = { 'x-forwarded-for': '10.9.9.9', 'x-forwarded-proto': 'https' };
		expect(behind(setting, '198.51.100.7', forged)).toEqual({ address: '198.51.100.7', protocol: 'http' });
	});

	it('stamps the board’s own headers over whatever the client sent in their name', () => {
		const req = request('198.51.100.7', { 'x-lead-board-client': '10.9.9.9', 'x-lead-board-proto': 'https' });
		stampClient(req, trustFor(setting));
		expect(req.headers).toMatchObject({
			'x-lead-board-client': '198.51.100.7',
			'x-lead-board-proto': 'http'
		});
	});
});

describe('the TRUST_PROXY setting', () => {
	it('reads a hop count, an address list, or nothing', () => {
		expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toEqual({ hops: 2 });
		expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual({
			addresses: ['loopback', '10.0.0.0/8']
		});
		expect(loadConfig({}).trustProxy).toBeNull();
		expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBeNull();
	});

	it('stops the board on something that is neither, naming the setting', () => {
		expect(() => loadConfig({ TRUST_PROXY: 'the-proxy.county.gov' })).toThrow(/TRUST_PROXY/);
	});
});
