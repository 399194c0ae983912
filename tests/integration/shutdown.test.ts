/**
 * Stopping the board (SIGTERM, as a service manager or a deploy does) while someone's connection
 * has stopped answering: a browser tab frozen in the background, a phone gone out of range with
 * its connection still open. The board closes that connection itself after a short grace instead
 * of waiting out the peer's close handshake, so a restart does not hang on one device.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { SOCKET_PATH } from '../../src/lib/shared/events';

let board: TestBoard | undefined;
const peers: Socket[] = [];
afterEach(async () => {
	for (const peer of peers.splice(0)) peer.destroy();
	await board?.kill().catch(() => undefined);
	board = undefined;
});

/** A signed-in board connection over a websocket whose peer, once it is open, never reads again. */
async function frozenConnection(started: TestBoard, cookie: string): Promise<Socket> {
	const peer = connect(started.port, '127.0.0.1');
	peers.push(peer);
	await new Promise<void>((resolve, reject) => {
		peer.once('connect', resolve);
		peer.once('error', reject);
	});
	const opened = new Promise<string>((resolve) => {
		let head = '';
		peer.on('data', (chunk: Buffer) => {
			head += chunk.toString('latin1');
			if (head.includes('\r\n\r\n')) resolve(head.split('\r\n')[0]);
		});
	});
	peer.write(
		[
			`GET ${SOCKET_PATH}?EIO=4&transport=websocket HTTP/1.1`,
			`Host: 127.0.0.1:${started.port}`,
			'Upgrade: websocket',
			'Connection: Upgrade',
			'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
			'Sec-WebSocket-Version: 13',
			`Origin: ${started.origin}`,
			`Cookie: ${cookie}`,
			'',
			''
		].join('\r\n')
	);
	expect(await opened).toBe('HTTP/1.1 101 Switching Protocols');
	// Frozen: nothing is read from now on, so the board's close is never answered.
	peer.removeAllListeners('data');
	peer.pause();
	return peer;
}

it('stops within seconds of SIGTERM though a connection never answers the close', async () => {
	board = await startTestBoard();
	const started = board;
	const cookie = await signIn(started, 'casemanager@demo.test');
	await frozenConnection(started, cookie);

	const stopping = Date.now();
	const code = await started.stop();
	const tookMs = Date.now() - stopping;
	board = undefined;

	expect(code).toBe(0);
	// A websocket peer gets 30 s to answer a close; the board's own grace is a few seconds.
	expect(tookMs).toBeLessThan(15_000);
	expect(started.logs.some((line) => line.includes('"event":"board.stopping"'))).toBe(true);
}, 60_000);
