/**
 * The baseline the notes benchmark compares against: a bare y-websocket-protocol relay on
 * `/yjs/<room>` (one Y.Doc and awareness per room, sync + update broadcast), with no sign-in,
 * no validation and no persistence. Run as its own process: `tsx bench/relay.ts` (PORT, HOST).
 */
import { createServer } from 'node:http';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket, { WebSocketServer } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

interface RelayRoom {
	doc: Y.Doc;
	awareness: awarenessProtocol.Awareness;
	peers: Set<WebSocket>;
}

const rooms = new Map<string, RelayRoom>();

function roomNamed(name: string): RelayRoom {
	const existing = rooms.get(name);
	if (existing) return existing;
	const doc = new Y.Doc();
	const awareness = new awarenessProtocol.Awareness(doc);
	awareness.setLocalState(null);
	const room: RelayRoom = { doc, awareness, peers: new Set() };
	doc.on('update', (update: Uint8Array) =>
		broadcast(
			room,
			frame(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update))
		)
	);
	awareness.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
		const changed = [...added, ...updated, ...removed];
		const update = awarenessProtocol.encodeAwarenessUpdate(awareness, changed);
		broadcast(
			room,
			frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, update))
		);
	});
	rooms.set(name, room);
	return room;
}

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

function broadcast(room: RelayRoom, message: Uint8Array): void {
	for (const peer of room.peers) if (peer.readyState === WebSocket.OPEN) peer.send(message);
}

function join(ws: WebSocket, room: RelayRoom): void {
	room.peers.add(ws);
	ws.on('message', (data: Buffer) => {
		const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
		const type = decoding.readVarUint(decoder);
		if (type === MESSAGE_SYNC) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.readSyncMessage(decoder, encoder, room.doc, ws);
			if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
		} else if (type === MESSAGE_AWARENESS) {
			awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), ws);
		}
	});
	ws.on('close', () => room.peers.delete(ws));
	ws.send(frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, room.doc)));
	const ids = [...room.awareness.getStates().keys()];
	if (ids.length) {
		const states = awarenessProtocol.encodeAwarenessUpdate(room.awareness, ids);
		ws.send(frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, states)));
	}
}

const server = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws, req) =>
	join(ws, roomNamed(decodeURIComponent((req.url ?? '/').replace(/^\/yjs\//, ''))))
);
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	console.log(JSON.stringify({ event: 'relay.started', port }));
});
process.on('SIGTERM', () => {
	for (const client of wss.clients) client.terminate();
	server.close(() => process.exit(0));
});
