/**
 * Notifications between meetings on the real board: who is told what (over the socket and on the
 * page), read state that follows a person to another session, and the daily e-mail digest, caught
 * by an SMTP server in this process, which carries counts and a link and no participant detail.
 */
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsChanged } from '../../src/lib/shared/notifications';
import { localDayNumber } from '../../src/lib/shared/zoned';
import {
	connectSocket,
	postAction,
	signIn,
	startTestBoard,
	type TestBoard,
	type TestSocket
} from '../helpers/board';
import { newReferral } from '../helpers/board-client';
import { readRows } from '../helpers/database';
import { freePort } from '../helpers/ports';
import { waitFor } from '../helpers/wait';

const NAME = 'Quinn Notify-Canary';
const CONTACT_NOTE = 'Canary contact note: seen at the Compass shelter';
const ACTION_WHAT = 'Canary action: confirm detox bed at Evergreen';
const COMMENT = 'Canary comment: discuss Quinn before the court date';
const TIMEZONE = 'America/Los_Angeles';

let board: TestBoard;
let smtp: SMTPServer;
const mail: { to: string[]; raw: string }[] = [];
const sockets: TestSocket[] = [];

/** Someone signed in with an open board socket that keeps every notification event it is sent. */
interface Person {
	cookie: string;
	socket: TestSocket;
	heard: NotificationsChanged[];
}
const people = new Map<string, Person>();

async function open(email: string): Promise<Person> {
	const cookie = await signIn(board, email);
	const heard: NotificationsChanged[] = [];
	const socket = await connectSocket(board, cookie, {
		listen: (s) => s.on('notifications:v1', (c) => heard.push(c))
	});
	sockets.push(socket);
	const person = { cookie, socket, heard };
	people.set(email, person);
	return person;
}

const idOf = (email: string) =>
	readRows<{ id: string }>(board.databasePath, 'select id from user where email = ?', email)[0].id;
const agencyOf = (kind: string) =>
	readRows<{ id: string }>(board.databasePath, 'select id from agencies where kind = ?', kind)[0].id;

async function mutate(person: Person, op: string, input: Record<string, unknown>) {
	const reply = await person.socket.emitWithAck('board:mutate:v1', { op, input } as never);
	if (!reply.ok) throw new Error(`${op}: ${reply.code} ${reply.message}`);
	return reply.data as unknown as { participantId: string; version: number };
}

async function form(person: Person, path: string, fields: Record<string, string> | [string, string][]) {
	const reply = await postAction(board, person.cookie, path, fields);
	if (reply.type !== 'success' && reply.type !== 'redirect')
		throw new Error(`${path}: ${JSON.stringify(reply)}`);
	return reply;
}

async function page(person: Person, path: string): Promise<string> {
	const response = await fetch(`${board.origin}${path}`, { headers: { cookie: person.cookie } });
	expect(response.status).toBe(200);
	return response.text();
}

function meetingVersion(meetingId: string): string {
	return String(
		readRows<{ version: number }>(
			board.databasePath,
			'select version from meetings where id = ?',
			meetingId
		)[0].version
	);
}

beforeAll(async () => {
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, done) {
			let raw = '';
			stream.setEncoding('utf8');
			stream.on('data', (chunk: string) => (raw += chunk));
			stream.on('end', () => {
				mail.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
				done();
			});
		}
	});
	const smtpPort = await freePort();
	await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
	board = await startTestBoard({
		SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
		MAIL_FROM: 'LEAD board <board@demo.test>',
		DIGEST_HOUR: '0',
		NOTIFICATION_SWEEP_MINUTES: '0.02'
	});
	for (const email of [
		'officer@demo.test',
		'casemanager@demo.test',
		'defender@demo.test',
		'facilitator@demo.test',
		'prosecutor@demo.test',
		'pcg@demo.test'
	])
		await open(email);
});
afterAll(async () => {
	for (const s of sockets) s.close();
	await board?.stop();
	await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const who = (email: string) => people.get(email)!;

describe('notifications between meetings', () => {
	let participantId: string;
	let code: string;

	beforeAll(async () => {
		const officer = who('officer@demo.test');
		const facilitator = who('facilitator@demo.test');
		const referral = await mutate(officer, 'referral.create', newReferral(NAME));
		participantId = referral.participantId;
		code = readRows<{ code: string }>(
			board.databasePath,
			'select code from participants where id = ?',
			participantId
		)[0].code;
		await mutate(facilitator, 'caseManager.assign', {
			participantId,
			caseManagerUserId: idOf('casemanager@demo.test'),
			expectedVersion: referral.version
		});
		await mutate(officer, 'contact.add', {
			participantId,
			kind: 'police_new_arrest',
			occurredAt: new Date(Date.now() - 600_000).toISOString(),
			note: CONTACT_NOTE
		});

		// A workgroup meeting about the participant: published, commented on, started, with an action item.
		const invited = ['police', 'prosecution', 'defense', 'case_management'].map(
			(kind) => ['invitedAgencyIds', agencyOf(kind)] as [string, string]
		);
		await form(facilitator, '/meetings?/create', [
			['kind', 'operational_workgroup'],
			['startsAt', '2030-01-15T10:00'],
			['location', 'Room 4'],
			...invited
		]);
		const meetingId = readRows<{ id: string }>(
			board.databasePath,
			"select id from meetings where location = 'Room 4'"
		)[0].id;
		await form(facilitator, `/meetings/${meetingId}?/add`, {
			title: 'Review',
			kind: 'participant_review',
			participantId,
			plannedMinutes: '5',
			expectedVersion: meetingVersion(meetingId)
		});
		const itemId = readRows<{ id: string }>(
			board.databasePath,
			'select id from agenda_items where meeting_id = ?',
			meetingId
		)[0].id;
		await form(facilitator, `/meetings/${meetingId}?/publish`, {
			expectedVersion: meetingVersion(meetingId)
		});
		await form(who('casemanager@demo.test'), `/meetings/${meetingId}?/comment`, {
			agendaItemId: itemId,
			body: COMMENT
		});
		await form(facilitator, `/meetings/${meetingId}?/start`, { expectedVersion: meetingVersion(meetingId) });
		const tomorrow = new Date((localDayNumber(new Date(), TIMEZONE) + 1) * 86_400_000)
			.toISOString()
			.slice(0, 10);
		const added = await who('prosecutor@demo.test').socket.emitWithAck('meeting:action:add:v1', {
			meetingId,
			agendaItemId: itemId,
			what: ACTION_WHAT,
			ownerAgencyId: agencyOf('defense'),
			dueDate: tomorrow
		});
		expect(added.ok).toBe(true);
	});

	const arrived = (email: string) => who(email).heard.flatMap((c) => (c.arrived ? [c.arrived] : []));

	it('tells the case manager of a police contact on their participant, by name, and not the officer who logged it', async () => {
		const contact = await waitFor(
			() => arrived('casemanager@demo.test').find((n) => n.kind === 'police_contact'),
			{
				message: 'the police contact on the case manager’s socket'
			}
		);
		expect(contact).toMatchObject({
			title: 'New police contact',
			participant: { participantId, code, name: NAME },
			href: `/participants/${participantId}`
		});
		expect(arrived('officer@demo.test').some((n) => n.kind === 'police_contact')).toBe(false);
		const html = await page(who('casemanager@demo.test'), '/notifications');
		expect(html).toContain(NAME);
		expect(html).toContain('New police contact');
	});

	it('tells the facilitator of a comment on the agenda, and the invited agencies that it was published', async () => {
		const comment = await waitFor(
			() => arrived('facilitator@demo.test').find((n) => n.kind === 'agenda_comment'),
			{
				message: 'the comment on the facilitator’s socket'
			}
		);
		expect(comment.detail).toContain(COMMENT);
		for (const email of [
			'casemanager@demo.test',
			'defender@demo.test',
			'officer@demo.test',
			'prosecutor@demo.test'
		])
			await waitFor(() => arrived(email).find((n) => n.kind === 'agenda_published'), {
				message: `the published agenda for ${email}`
			});
		expect(arrived('facilitator@demo.test').some((n) => n.kind === 'agenda_published')).toBe(false);
	});

	it('tells a defender who does not represent the participant that the defense action item is due, with neither the name nor its words', async () => {
		const due = await waitFor(() => arrived('defender@demo.test').find((n) => n.kind === 'action_item_due'), {
			message: 'the sweep’s action item on the defender’s socket',
			timeout: 10_000
		});
		expect(due.title).toMatch(/^Action item due tomorrow/);
		expect(due.participant).toEqual({ participantId, code });
		expect(due.detail).toBeNull();
		const defender = who('defender@demo.test');
		const html = await page(defender, '/notifications');
		expect(html).toContain('Action item due tomorrow');
		for (const secret of [NAME, 'Notify-Canary', ACTION_WHAT, CONTACT_NOTE, COMMENT]) {
			expect(JSON.stringify(defender.heard)).not.toContain(secret);
			expect(html).not.toContain(secret);
		}
	});

	it('tells a Policy Coordinating Group member nothing about the participant, on the socket or the page', async () => {
		const pcg = who('pcg@demo.test');
		const html = await page(pcg, '/notifications');
		expect(html).toContain('No notifications yet');
		for (const secret of [NAME, code, ACTION_WHAT, CONTACT_NOTE, COMMENT]) {
			expect(JSON.stringify(pcg.heard)).not.toContain(secret);
			expect(html).not.toContain(secret);
		}
	});

	it('sends the case manager a digest with the right counts and no participant code, name or record text', async () => {
		const caseManager = who('casemanager@demo.test');
		const unread = (kind: string) =>
			readRows<{ n: number }>(
				board.databasePath,
				'select count(*) as n from notifications where user_id = ? and kind = ? and read_at is null',
				idOf('casemanager@demo.test'),
				kind
			)[0].n;
		const contacts = unread('police_contact');
		const agendas = unread('agenda_published');
		expect(contacts).toBeGreaterThan(0);
		expect(agendas).toBeGreaterThan(0);
		expect(mail).toEqual([]);

		await form(caseManager, '/settings?/notifications', [
			['inApp', 'police_contact'],
			['inApp', 'agenda_published'],
			['inApp', 'assessment_due'],
			['digest', 'police_contact'],
			['digest', 'agenda_published']
		]);
		const message = await waitFor(() => mail.find((m) => m.to.includes('casemanager@demo.test')), {
			message: 'the digest at the SMTP server',
			timeout: 10_000
		});
		const text = message.raw.replace(/=\r?\n/g, '');
		expect(text).toContain(`New police contacts: ${contacts}`);
		expect(text).toContain(`Agendas published: ${agendas}`);
		expect(text).not.toContain('Assessments due soon');
		expect(text).toContain(`${board.origin.replace('127.0.0.1', 'localhost')}/notifications`);
		const records = readRows<{ code: string; legal_name: string; aliases: string }>(
			board.databasePath,
			'select code, legal_name, aliases from participants'
		);
		for (const p of records) {
			expect(text).not.toContain(p.code);
			expect(text).not.toContain(p.legal_name);
			for (const alias of JSON.parse(p.aliases) as string[]) expect(text).not.toContain(alias);
		}
		for (const secret of [CONTACT_NOTE, ACTION_WHAT, COMMENT, 'Canary']) expect(text).not.toContain(secret);
		expect(board.logs.join('\n')).not.toContain('casemanager@demo.test');
	});

	it('follows the person to a second session: read on one device, read on the other', async () => {
		const first = who('defender@demo.test');
		const second = await open('defender@demo.test');
		const html = await page(second, '/notifications');
		const ids = [...html.matchAll(/data-notification-id="([^"]+)"/g)].map((m) => m[1]);
		expect(ids.length).toBeGreaterThan(1);
		const unreadBefore = readRows<{ n: number }>(
			board.databasePath,
			'select count(*) as n from notifications where user_id = ? and read_at is null',
			idOf('defender@demo.test')
		)[0].n;

		await form(first, '/notifications?/read', { notificationId: ids[0] });
		const told = await waitFor(
			() => second.heard.find((c) => c.unread === unreadBefore - 1 && c.arrived === null),
			{
				message: 'the second session told of the read'
			}
		);
		expect(told.unread).toBe(unreadBefore - 1);
		const again = await page(second, '/notifications');
		const item = (id: string) => {
			const at = again.indexOf(`data-notification-id="${id}"`);
			return again.slice(again.lastIndexOf('<li', at), at);
		};
		expect(item(ids[0])).not.toMatch(/\bunread\b/);
		expect(item(ids[1])).toMatch(/\bunread\b/);

		await form(second, '/notifications?/readAll', {});
		await waitFor(() => first.heard.find((c) => c.unread === 0), {
			message: 'the first session told all are read'
		});
		expect(await page(first, '/notifications')).toContain('Nothing unread.');
	});
});
