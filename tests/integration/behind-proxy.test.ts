/**
 * The board behind a real TLS proxy: Debian's nginx on loopback, configured as the README shows,
 * with TRUST_PROXY naming it. Clients come from different loopback addresses (127.0.0.2, .3, …),
 * so the audit trail and the sign-in rate limit can be checked against the true client address.
 */
import https from 'node:https';
import http from 'node:http';
import { io as ioClient } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import { yjsRooms } from '../../src/lib/shared/events';
import { startTestBoard, type TestBoard, type TestSocket } from '../helpers/board';
import { newReferral } from '../helpers/board-client';
import { startNginx, type Nginx } from '../helpers/nginx';
import { demoMeetings } from '../helpers/notes';
import { freePort } from '../helpers/ports';
import { readRows } from '../helpers/database';
import { waitFor } from '../helpers/wait';

const SIGN_IN_LIMIT = 3;

let board: TestBoard;
let nginx: Nginx;

beforeAll(async () => {
	// The board must know its public origin before it starts, so nginx's port is chosen first.
	const boardPort = await freePort();
	nginx = await startNginx(boardPort);
	board = await startTestBoard({
		PORT: String(boardPort),
		ORIGIN: nginx.origin,
		TRUST_PROXY: '127.0.0.1',
		SIGN_IN_RATE_LIMIT_PER_MINUTE: String(SIGN_IN_LIMIT)
	});
});
afterAll(async () => {
	await board?.stop();
	await nginx?.stop();
});

interface Reply {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** One HTTPS request through nginx, from the given loopback address. */
function viaProxy(
	from: string,
	path: string,
	{
		method = 'GET',
		headers = {},
		body
	}: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = https.request(
			{ host: '127.0.0.1', port: nginx.tlsPort, path, method, headers, ca: nginx.ca, localAddress: from },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks).toString()
					})
				);
			}
		);
		req.once('error', reject);
		req.end(body);
	});
}

/** The same request straight to the board's port, bypassing nginx. */
function direct(from: string, path: string, headers: Record<string, string>, body: string): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ host: '127.0.0.1', port: board.port, path, method: 'POST', headers, localAddress: from },
			(res) => {
				res.resume();
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' }));
			}
		);
		req.once('error', reject);
		req.end(body);
	});
}

function passwordSignIn(
	from: string,
	email: string,
	password = DEMO_PASSWORD,
	extra: Record<string, string> = {}
) {
	return viaProxy(from, '/api/auth/sign-in/email', {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: nginx.origin, ...extra },
		body: JSON.stringify({ email, password })
	});
}

const cookieOf = (reply: Reply) =>
	(reply.headers['set-cookie'] ?? [])
		.map((c) => c.split(';')[0])
		.filter((c) => !c.endsWith('='))
		.join('; ');

/** Signs in through nginx and acknowledges the notice; answers the Cookie header. */
async function signInVia(from: string, email: string): Promise<string> {
	const reply = await passwordSignIn(from, email);
	expect(reply.status).toBe(200);
	const cookie = cookieOf(reply);
	const notice = await viaProxy(from, '/notice', {
		method: 'POST',
		headers: { cookie, origin: nginx.origin }
	});
	expect(notice.status).toBe(200);
	return cookie;
}

const query = <T>(sql: string, ...params: string[]) => readRows<T>(board.databasePath, sql, ...params);
const userId = (email: string) => query<{ id: string }>('select id from user where email = ?', email)[0]!.id;
const signInAddresses = (email: string) =>
	query<{ source_address: string }>(
		"select source_address from audit_events where action = 'auth.sign_in' and object_id = ? order by id",
		userId(email)
	).map((row) => row.source_address);

describe('behind nginx with TRUST_PROXY', () => {
	it('records the true client address of a sign-in, and serves over HTTPS with HSTS and a Secure cookie', async () => {
		const reply = await passwordSignIn('127.0.0.2', 'sergeant@demo.test');
		expect(reply.status).toBe(200);
		expect(reply.headers['strict-transport-security']).toMatch(/max-age=\d+/);
		expect(reply.headers['set-cookie']?.join('\n')).toMatch(
			/__Secure-lead-board\.session_token=[^;]+;.*Secure/i
		);
		expect(signInAddresses('sergeant@demo.test')).toEqual(['127.0.0.2']);
	});

	it('keeps the client address nginx saw when the client forwards a forged one', async () => {
		const forged = { 'x-forwarded-for': '203.0.113.9', 'x-lead-board-client': '203.0.113.10' };
		expect((await passwordSignIn('127.0.0.4', 'prosecutor@demo.test', DEMO_PASSWORD, forged)).status).toBe(
			200
		);
		expect(signInAddresses('prosecutor@demo.test')).toEqual(['127.0.0.4']);
	});

	it('believes no forwarded address from a connection that is not the proxy', async () => {
		const reply = await direct(
			'127.0.0.5',
			'/api/auth/sign-in/email',
			{
				'content-type': 'application/json',
				origin: `http://127.0.0.1:${board.port}`,
				'x-forwarded-for': '203.0.113.9'
			},
			JSON.stringify({ email: 'defender@demo.test', password: DEMO_PASSWORD })
		);
		expect(reply.status).toBe(200);
		expect(signInAddresses('defender@demo.test')).toEqual(['127.0.0.5']);
	});

	it('applies the sign-in rate limit to each client, not to everyone behind the proxy', async () => {
		for (let i = 0; i < SIGN_IN_LIMIT; i++) {
			expect((await passwordSignIn('127.0.0.6', `nobody${i}@nowhere.test`, 'wrong-password-xx')).status).toBe(
				401
			);
		}
		expect((await passwordSignIn('127.0.0.6', 'nobody@nowhere.test', 'wrong-password-xx')).status).toBe(429);
		// Another client behind the same proxy still signs in.
		expect((await passwordSignIn('127.0.0.7', 'evaluator@demo.test')).status).toBe(200);
		expect(signInAddresses('evaluator@demo.test')).toEqual(['127.0.0.7']);
	});

	it('carries the board socket over the proxy and audits its changes with the client’s address', async () => {
		const cookie = await signInVia('127.0.0.3', 'officer@demo.test');
		const socket: TestSocket = ioClient(nginx.origin, {
			path: '/socket.io/',
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			extraHeaders: { cookie, origin: nginx.origin },
			ca: nginx.ca.toString(),
			localAddress: '127.0.0.3'
		} as Parameters<typeof ioClient>[1]);
		try {
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			const reply = await socket.emitWithAck('board:mutate:v1', {
				op: 'referral.create',
				input: newReferral('Proxy Example')
			} as never);
			expect(reply.ok).toBe(true);
		} finally {
			socket.close();
		}
		const [latest] = query<{ action: string; source_address: string }>(
			'select action, source_address from audit_events where actor_user_id = ? order by id desc limit 1',
			userId('officer@demo.test')
		);
		expect(latest).toEqual({ action: expect.not.stringMatching(/^auth\./), source_address: '127.0.0.3' });
	});

	it('carries the meeting notes over the proxy as a WebSocket', async () => {
		const cookie = await signInVia('127.0.0.8', 'facilitator@demo.test');
		const room = yjsRooms.meetingNotes(demoMeetings(board.databasePath).workgroup);
		const options = { headers: { cookie, origin: nginx.origin }, ca: nginx.ca, localAddress: '127.0.0.8' };
		const NotesSocket = class extends WebSocket {
			constructor(url: string | URL, protocols?: string | string[]) {
				super(url, protocols, options);
			}
		} as unknown as typeof globalThis.WebSocket;
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(`wss://127.0.0.1:${nginx.tlsPort}/yjs`, room, doc, {
			disableBc: true,
			WebSocketPolyfill: NotesSocket
		});
		try {
			await waitFor(() => provider.synced, { timeout: 10_000, message: 'notes synced through nginx' });
			doc.getText('notes').insert(0, 'Typed behind the proxy. ');
			await waitFor(() => storedNotes(room).includes('Typed behind the proxy.'), {
				message: 'the edit stored'
			});
		} finally {
			provider.destroy();
			doc.destroy();
		}
	});

	it('sends plain HTTP to HTTPS', async () => {
		const reply = await new Promise<Reply>((resolve, reject) => {
			const req = http.get(
				{ host: '127.0.0.1', port: nginx.plainPort, path: '/board', headers: { host: 'lead.county.gov' } },
				(res) => {
					res.resume();
					res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' }));
				}
			);
			req.once('error', reject);
		});
		expect(reply.status).toBe(301);
		expect(reply.headers.location).toBe('https://lead.county.gov/board');
	});
});

/** The notes as the board stored them: the snapshot and every update logged since. */
function storedNotes(room: string): string {
	const doc = new Y.Doc();
	const stored = [
		...query<{ update: Buffer }>('select snapshot as "update" from yjs_documents where name = ?', room),
		...query<{ update: Buffer }>('select "update" from yjs_updates where doc_name = ? order by id', room)
	];
	for (const row of stored) Y.applyUpdate(doc, new Uint8Array(row.update));
	return doc.getText('notes').toString();
}
