/**
 * Who is on the other end of a request: the connection's own address, or, behind a proxy the
 * board trusts (TRUST_PROXY), the client address and protocol the proxy forwarded. The board's
 * HTTP server stamps both on every request and upgrade, overwriting whatever a client sent, and
 * everything else (the audit trail, the sign-in rate limit, socket.io, the notes server) reads
 * only the stamped headers.
 */
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Headers the board's own server sets; a client's values for them are never believed. */
export const STAMPED_HEADERS = { protocol: 'x-lead-board-proto', address: 'x-lead-board-client' } as const;

/** TRUST_PROXY: how many proxies stand in front of the board, or which addresses they use. */
export type TrustProxy = { hops: number } | { addresses: string[] } | null;

export type Trust = (address: string, hop: number) => boolean;

/** The rule proxy-addr applies: hop 0 is the connection itself, hop 1 the address it forwarded. */
export function trustFor(setting: TrustProxy): Trust {
	if (!setting) return () => false;
	if ('hops' in setting) return (_address, hop) => hop < setting.hops;
	return proxyaddr.compile(setting.addresses);
}

type Request = Pick<IncomingMessage, 'headers' | 'socket'>;

/** The client's address and the protocol it used, as far as the trusted proxies vouch for them. */
export function clientOf(req: Request, trust: Trust): { address: string; protocol: 'http' | 'https' } {
	const peer = req.socket.remoteAddress ?? '';
	const address = peer ? proxyaddr(req as IncomingMessage, trust) : '';
	return { address, protocol: protocolOf(req, peer, trust) };
}

function protocolOf(req: Request, peer: string, trust: Trust): 'http' | 'https' {
	if ((req.socket as { encrypted?: boolean }).encrypted === true) return 'https';
	if (!peer || !trust(peer, 0)) return 'http';
	const header = req.headers['x-forwarded-proto'];
	const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0].trim().toLowerCase();
	return first === 'https' ? 'https' : 'http';
}

/** Overwrites the stamped headers on a request or an upgrade, before anything reads them. */
export function stampClient(req: Request, trust: Trust): void {
	const { address, protocol } = clientOf(req, trust);
	req.headers[STAMPED_HEADERS.protocol] = protocol;
	req.headers[STAMPED_HEADERS.address] = address;
}
