import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../src/lib/shared/errors';
import type { MeetingView, RoomView } from '../../src/lib/shared/meeting-events';
import {
	connectSocket,
	postAction,
	signIn,
	startTestBoard,
	type TestBoard,
	type TestSocket
} from '../helpers/board';
import { demoMeetings } from '../helpers/notes';
import { waitFor } from '../helpers/wait';

let board: TestBoard;
let meetingId: string;
const sockets: TestSocket[] = [];

beforeAll(async () => {
	// The fuzz below sends a hundred events in a burst; the per-user rate limit is not what it tests.
	board = await startTestBoard({ SOCKET_EVENT_LIMIT: '100000' });
	meetingId = demoMeetings(board.databasePath).workgroup;
});
afterAll(async () => {
	for (const s of sockets) s.close();
	await board.stop();
});

async function socketFor(email: string) {
	const socket = await connectSocket(board, await signIn(board, email));
	sockets.push(socket);
	return socket;
}

function ask<T>(socket: TestSocket, event: string, payload: unknown): Promise<Ack<T>> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), 10_000);
		(socket.emit as (e: string, p: unknown, cb: (r: Ack<T>) => void) => void)(event, payload, (reply) => {
			clearTimeout(timer);
			resolve(reply);
		});
	});
}

function data<T>(reply: Ack<T>): T {
	if (!reply.ok) throw new Error(`refused: ${reply.code} ${reply.message}`);
	return (reply as { data: T }).data;
}

/** Posts a form action the way an enhanced SvelteKit form does. */
async function formAction(cookie: string, path: string, fields: Record<string, string>) {
	const body = await postAction(board, cookie, path, fields);
	if (body.type !== 'success' && body.type !== 'redirect')
		throw new Error(`${path} answered ${JSON.stringify(body)}`);
	return body;
}

/** The meeting's stored records, to prove a refused event changed nothing. */
function storedState(): string {
	const db = new Database(board.databasePath, { readonly: true });
	try {
		const rows = [
			'meetings',
			'agenda_items',
			'meeting_decisions',
			'action_items',
			'meeting_attendance',
			'agenda_comments'
		].map((t) => db.prepare(`select * from ${t} order by rowid`).all());
		return JSON.stringify(rows);
	} finally {
		db.close();
	}
}

describe('a live meeting over socket.io', () => {
	let facilitator: TestSocket;
	let prosecutor: TestSocket;
	let items: string[];

	beforeAll(async () => {
		const cookie = await signIn(board, 'facilitator@demo.test');
		facilitator = await socketFor('facilitator@demo.test');
		const draft = data(await ask<MeetingView>(facilitator, 'meeting:join:v1', { meetingId }));
		await formAction(cookie, `/meetings/${meetingId}?/build`, {
			meetingId,
			expectedVersion: String(draft.meeting.version)
		});
		const built = data(await ask<MeetingView>(facilitator, 'meeting:join:v1', { meetingId }));
		expect(built.agenda.length).toBeGreaterThan(2);
		await formAction(cookie, `/meetings/${meetingId}?/start`, {
			meetingId,
			expectedVersion: String(built.meeting.version)
		});
		const live = data(await ask<MeetingView>(facilitator, 'meeting:join:v1', { meetingId }));
		expect(live.meeting.status).toBe('live');
		items = live.agenda.map((i) => i.itemId);
		prosecutor = await socketFor('prosecutor@demo.test');
	});

	it('moves every screen to the facilitator’s item within a second', async () => {
		const seen: { at: number; view: MeetingView }[] = [];
		prosecutor.on('meeting:view:v1', (view) => seen.push({ at: Date.now(), view }));
		const joined = data(await ask<MeetingView>(prosecutor, 'meeting:join:v1', { meetingId }));
		expect(joined.live.currentItemId).toBe(items[0]);
		for (const target of [items[1], items[2]]) {
			const sent = Date.now();
			data(await ask(facilitator, 'meeting:now:v1', { meetingId, agendaItemId: target }));
			const arrived = await waitFor(
				() => seen.find((s) => s.at >= sent && s.view.live.currentItemId === target),
				{
					timeout: 10_000,
					message: 'the prosecutor follows'
				}
			);
			expect(arrived.at - sent).toBeLessThan(1_000);
			// The prosecutor's own view: the participant summary as a prosecutor may see it.
			expect(arrived.view.focus?.itemId).toBe(target);
			expect(arrived.view.allowed['meeting.steer']).toBe(false);
		}
	});

	it('refreshes every screen when the participant discussed right now changes on the board', async () => {
		const joined = data(await ask<MeetingView>(prosecutor, 'meeting:join:v1', { meetingId }));
		const item = joined.agenda.find((i) => i.participant && !i.withheld)!;
		data(await ask(facilitator, 'meeting:now:v1', { meetingId, agendaItemId: item.itemId }));
		const views: { at: number; view: MeetingView }[] = [];
		prosecutor.on('meeting:view:v1', (view) => views.push({ at: Date.now(), view }));
		await waitFor(() => views.some((v) => v.view.live.currentItemId === item.itemId), {
			timeout: 10_000,
			message: 'the prosecutor on the item'
		});

		const officer = await socketFor('sergeant@demo.test');
		const sent = Date.now();
		const contact = {
			participantId: item.participant!.participantId,
			kind: 'police_social_contact',
			occurredAt: new Date(sent - 60_000).toISOString(),
			note: 'Seen near the library during the meeting; offered a ride to the clinic.'
		};
		data(await ask(officer, 'board:mutate:v1', { op: 'contact.add', input: contact }));
		const refreshed = await waitFor(() => views.find((v) => v.at >= sent), {
			timeout: 10_000,
			message: 'a fresh view after the change'
		});
		expect(refreshed.view.focus?.itemId).toBe(item.itemId);
	});

	it('refuses a prosecutor who tries to move "now discussing"', async () => {
		const reply = await ask(prosecutor, 'meeting:now:v1', { meetingId, agendaItemId: items[0] });
		expect(reply).toMatchObject({ ok: false, code: 'forbidden' });
	});

	it('refuses a role that is not invited to the meeting’s room, and sends it nothing', async () => {
		const evaluator = await socketFor('evaluator@demo.test');
		const views: unknown[] = [];
		evaluator.on('meeting:view:v1', (v) => views.push(v));
		expect(await ask(evaluator, 'meeting:join:v1', { meetingId })).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		expect(await ask(evaluator, 'meeting:room:join:v1', { meetingId })).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		data(await ask(facilitator, 'meeting:now:v1', { meetingId, agendaItemId: items[0] }));
		await waitFor(
			async () =>
				data(await ask<MeetingView>(prosecutor, 'meeting:join:v1', { meetingId })).live.currentItemId ===
				items[0],
			{
				timeout: 10_000
			}
		);
		expect(views).toHaveLength(0);
	});

	it('shows the room screen less when a PCG member joins, and more again when they leave', async () => {
		const screen = await socketFor('facilitator@demo.test');
		const rooms: RoomView[] = [];
		screen.on('meeting:room:v1', (v) => rooms.push(v));
		const first = data(await ask<RoomView>(screen, 'meeting:room:join:v1', { meetingId }));
		expect(first.item?.withheld).toBe(false);
		expect(first.item?.participant?.name).toBeTruthy();
		const pcg = await socketFor('pcg@demo.test');
		// The facilitator invites the PCG member by name, so they may attend (and observe).
		const cookie = await signIn(board, 'facilitator@demo.test');
		const view = data(await ask<MeetingView>(facilitator, 'meeting:join:v1', { meetingId }));
		const pcgUserId = await pcgId();
		await inviteByName(cookie, view, pcgUserId);
		data(await ask(pcg, 'meeting:join:v1', { meetingId }));
		const less = await waitFor(
			() => [...rooms].reverse().find((r) => r.present.agencies.includes('policy_group')),
			{
				timeout: 10_000
			}
		);
		expect(less.item?.withheld).toBe(true);
		expect(less.item?.participant).toBeUndefined();
		expect(JSON.stringify(less)).not.toContain(first.item!.participant!.name!);
		pcg.close();
		const more = await waitFor(
			() =>
				[...rooms]
					.reverse()
					.find((r) => !r.present.agencies.includes('policy_group') && r.item?.participant?.name),
			{
				timeout: 10_000
			}
		);
		expect(more.item?.participant?.code).toBe(first.item?.participant?.code);
	});

	it('answers every malformed payload with an error ack and changes nothing', async () => {
		const before = storedState();
		const events = [
			'meeting:now:v1',
			'meeting:decision:add:v1',
			'meeting:action:add:v1',
			'meeting:action:status:v1',
			'meeting:attendance:mark:v1',
			'meeting:join:v1',
			'meeting:focus:v1'
		];
		const handmade: unknown[] = [
			null,
			42,
			'meeting',
			[],
			{},
			{ meetingId: '' },
			{ meetingId: 7, agendaItemId: items[0] },
			{ meetingId, agendaItemId: items[0], text: 'x'.repeat(200_000), agreeingAgencyIds: ['a'] },
			JSON.parse(`{"meetingId":"${meetingId}","agendaItemId":"${items[0]}","__proto__":{"admin":true}}`),
			JSON.parse(`{"meetingId":"${meetingId}","agendaItemId":"${items[0]}","constructor":{"prototype":{}}}`),
			{ meetingId, agendaItemId: items[0], extra: true },
			{ meetingId: '../../etc/passwd', agendaItemId: items[0] },
			{ meetingId, agendaItemId: items[0], text: 'ok', kind: 'not_a_kind', agreeingAgencyIds: [] },
			{ actionItemId: 'x', status: 'done', expectedVersion: -1 },
			{ meetingId, userId: 'nobody', inRoom: 'yes' }
		];
		const generated = fc.sample(
			fc.oneof(
				fc.anything({ maxDepth: 2, withObjectString: true }),
				fc.record(
					{ meetingId: fc.oneof(fc.string(), fc.integer()), agendaItemId: fc.anything({ maxDepth: 1 }) },
					{ requiredKeys: [] }
				)
			),
			{ numRuns: 100 - handmade.length, seed: 4242 }
		);
		const payloads = [...handmade, ...generated];
		expect(payloads).toHaveLength(100);
		let index = 0;
		for (const payload of payloads) {
			const event = events[index++ % events.length];
			const socket = index % 2 ? facilitator : prosecutor;
			const reply = await ask(socket, event, payload);
			expect(reply.ok, `${event} ${JSON.stringify(payload)?.slice(0, 120)}`).toBe(false);
		}
		expect(storedState()).toBe(before);
		// Still serving: a well-formed event after the fuzz succeeds.
		data(await ask(facilitator, 'meeting:now:v1', { meetingId, agendaItemId: items[1] }));
	});
});

async function pcgId(): Promise<string> {
	const db = new Database(board.databasePath, { readonly: true });
	try {
		return (db.prepare("select id from user where email = 'pcg@demo.test'").get() as { id: string }).id;
	} finally {
		db.close();
	}
}

async function inviteByName(cookie: string, view: MeetingView, userId: string) {
	const body = new URLSearchParams({
		expectedVersion: String(view.meeting.version),
		title: view.meeting.title,
		startsAt: view.meeting.startsAt
	});
	for (const a of view.invited.agencies) body.append('invitedAgencyIds', a.agencyId);
	body.append('invitedUserIds', userId);
	const response = await fetch(`${board.origin}/meetings/${view.meeting.meetingId}?/details`, {
		method: 'POST',
		headers: {
			cookie,
			origin: board.origin,
			'x-sveltekit-action': 'true',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body
	});
	const result = (await response.json()) as { type: string };
	if (result.type !== 'success') throw new Error(`invitation failed: ${JSON.stringify(result)}`);
}
