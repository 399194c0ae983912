/**
 * Notifications between meetings, on an in-memory board: the deadline sweep (idempotent, by the
 * jurisdiction's calendar), the notifications a change raises in its own transaction, rendering
 * through the policy when read (a consent given later applies at once), and each person's choices.
 */
import { EventEmitter } from 'node:events';
import { SMTPServer } from 'smtp-server';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoardEventMap, PersonNotified } from '../../src/lib/server/commands/events';
import { execute } from '../../src/lib/server/commands/execute';
import { notifications } from '../../src/lib/server/db/notifications.schema';
import { isDomainError } from '../../src/lib/server/errors';
import {
	choicesOf,
	listNotifications,
	sendDailyDigests,
	sweepNotifications,
	unreadCount
} from '../../src/lib/server/notifications';
import type { Actor } from '../../src/lib/server/policy';
import {
	buildParticipant,
	buildWorld,
	setProgramSettings,
	snapshotDatabase,
	type World
} from '../helpers/factories';
import { freePort } from '../helpers/ports';
import {
	addActionItem,
	addAgendaItem,
	createMeeting,
	publishAgenda,
	recordConsent,
	revokeConsent,
	startMeeting
} from '../helpers/commands';

const DAY = 86_400_000;

let w: World;
let told: PersonNotified[];
let deps: { db: World['db']; events: EventEmitter<BoardEventMap> };
beforeEach(() => {
	w = buildWorld();
	told = [];
	const events = new EventEmitter<BoardEventMap>();
	events.on('notifications-changed', (people) => told.push(...people));
	deps = { db: w.db, events };
});
afterEach(() => w.close());

const list = (actor: Actor, now = new Date()) => listNotifications(w.db, actor, { now }).items;
const rowsOf = (actor: Actor) =>
	w.db.select().from(notifications).where(eq(notifications.userId, actor.userId)).all();
const read = (actor: Actor, notificationId: string) =>
	execute(deps, actor, 'notification.read', { notificationId });

/** A participant referred by arrest diversion on `referredAt` (a 30-day window), with the world's case manager and defender. */
function referred(referredAt: Date, name = 'Dana Notify-Fixture') {
	return buildParticipant(w, {
		now: new Date(referredAt.getTime() + 3_600_000),
		input: {
			occurredAt: referredAt.toISOString(),
			person: {
				legalName: name,
				aliases: [],
				dateOfBirth: '1990-04-02',
				raceEthnicity: 'white',
				gender: 'man'
			}
		}
	});
}

describe('the deadline sweep: assessments due soon', () => {
	// Referred 2026-04-10 in Los Angeles: the assessment is due by the end of 2026-05-10, local time.
	const REFERRED = new Date('2026-04-10T18:00:00.000Z');
	const FIVE_DAYS_LEFT = new Date('2026-05-05T18:00:00.000Z');

	it('tells only the assigned case manager, once a day however often it runs, and waits while one is unread', async () => {
		const p = referred(REFERRED);
		expect(sweepNotifications(w.db, new Date('2026-05-02T18:00:00.000Z'))).toEqual([]); // 8 days left: not yet
		const first = sweepNotifications(w.db, FIVE_DAYS_LEFT);
		expect(first).toEqual([{ userId: w.users.case_manager.id, notificationId: expect.any(String) }]);
		expect(sweepNotifications(w.db, new Date(FIVE_DAYS_LEFT.getTime() + 3_600_000))).toEqual([]);

		const [n] = list(w.actors.case_manager, FIVE_DAYS_LEFT);
		expect(n).toMatchObject({
			kind: 'assessment_due',
			title: 'Assessment due in 5 days',
			detail: 'Due May 10.',
			participant: { participantId: p.participantId, name: 'Dana Notify-Fixture' },
			href: `/participants/${p.participantId}`,
			read: false
		});
		for (const other of [
			w.otherCaseManager,
			w.actors.police_officer,
			w.actors.defender,
			w.actors.facilitator
		])
			expect(rowsOf(other)).toEqual([]);

		// The next day: the first reminder is still unread, so no second one piles up.
		const nextDay = new Date(FIVE_DAYS_LEFT.getTime() + DAY);
		expect(sweepNotifications(w.db, nextDay)).toEqual([]);
		await read(w.actors.case_manager, n.notificationId);
		expect(sweepNotifications(w.db, nextDay)).toHaveLength(1);
		expect(sweepNotifications(w.db, nextDay)).toEqual([]);
		expect(list(w.actors.case_manager, nextDay)[0].title).toBe('Assessment due in 4 days');
	});

	it('follows the program’s warning days', () => {
		referred(REFERRED);
		setProgramSettings(w, { assessmentWarningDays: 3 });
		expect(sweepNotifications(w.db, FIVE_DAYS_LEFT)).toEqual([]);
		setProgramSettings(w, { assessmentWarningDays: 5 });
		expect(sweepNotifications(w.db, FIVE_DAYS_LEFT)).toHaveLength(1);
	});

	it('tells no one about a participant without a case manager', () => {
		buildParticipant(w, {
			assign: false,
			now: new Date(REFERRED.getTime() + 3_600_000),
			input: { occurredAt: REFERRED.toISOString() }
		});
		expect(sweepNotifications(w.db, FIVE_DAYS_LEFT)).toEqual([]);
	});
});

/** A live workgroup meeting with `participantId` on its agenda and an action item owned by `ownerAgency`. */
function actionItemFor(participantId: string, ownerAgencyId: string, dueDate: string, at: Date) {
	const f = w.actors.facilitator;
	const meetingId = createMeeting(
		w.db,
		f,
		{
			kind: 'operational_workgroup',
			startsAt: at.toISOString(),
			invitedAgencyIds: [
				w.agencyIds.police,
				w.agencyIds.prosecution,
				w.agencyIds.defense,
				w.agencyIds.case_management
			]
		},
		{ now: at }
	).data.meetingId;
	const item = addAgendaItem(
		w.db,
		f,
		{
			meetingId,
			expectedVersion: 1,
			title: 'Review',
			kind: 'participant_review',
			participantId,
			plannedMinutes: 5
		},
		{ now: at }
	).data;
	const published = publishAgenda(w.db, f, { meetingId, expectedVersion: item.version }, { now: at }).data;
	startMeeting(w.db, f, { meetingId, expectedVersion: published.version }, { now: at });
	addActionItem(
		w.db,
		w.actors.prosecutor,
		{
			meetingId,
			agendaItemId: item.agendaItemId,
			what: 'Hold the charge; confirm housing intake at Compass Center',
			ownerAgencyId,
			dueDate
		},
		{ now: at }
	);
	return meetingId;
}

describe('the deadline sweep: action items due tomorrow or overdue', () => {
	const MADE = new Date('2026-05-01T17:00:00.000Z');

	it('counts "tomorrow" in the jurisdiction’s time zone, not the server’s', () => {
		const p = referred(new Date('2026-04-28T18:00:00.000Z'));
		actionItemFor(p.participantId, w.agencyIds.defense, '2026-05-06', MADE);
		// 06:59 UTC on 5 May is 23:59 on 4 May in Los Angeles: the item is due the day after tomorrow.
		expect(sweepNotifications(w.db, new Date('2026-05-05T06:59:00.000Z'))).toEqual([]);
		// A minute later it is 5 May there, and the item is due tomorrow.
		const told = sweepNotifications(w.db, new Date('2026-05-05T07:00:00.000Z'));
		expect(told.map((t) => t.userId).sort()).toEqual([w.users.defender.id, w.otherDefender.userId].sort());
		expect(list(w.actors.defender, new Date('2026-05-05T07:00:00.000Z'))[0].title).toMatch(
			/^Action item due tomorrow · /
		);
	});

	it('keeps the day boundary of a jurisdiction far from the server', () => {
		w.close();
		w = buildWorld({ timezone: 'Pacific/Auckland' });
		deps = { db: w.db, events: new EventEmitter<BoardEventMap>() };
		const p = referred(new Date('2026-04-28T18:00:00.000Z'));
		actionItemFor(p.participantId, w.agencyIds.police, '2026-05-06', MADE);
		// 11:59 UTC on 4 May is 23:59 on 4 May in Auckland (UTC+12); noon UTC is already 5 May there.
		expect(sweepNotifications(w.db, new Date('2026-05-04T11:59:00.000Z'))).toEqual([]);
		expect(
			sweepNotifications(w.db, new Date('2026-05-04T12:00:00.000Z'))
				.map((t) => t.userId)
				.sort()
		).toEqual([w.users.police_officer.id, w.users.police_sergeant.id].sort());
	});

	it('says an overdue item is overdue, and shows a defender who does not represent the participant neither the name nor the words', () => {
		const p = referred(new Date('2026-04-28T18:00:00.000Z'));
		actionItemFor(p.participantId, w.agencyIds.defense, '2026-05-03', MADE);
		const now = new Date('2026-05-05T18:00:00.000Z');
		expect(sweepNotifications(w.db, now)).toHaveLength(2);

		const own = list(w.actors.defender, now)[0];
		expect(own).toMatchObject({
			title: expect.stringMatching(/^Action item overdue \(due May 3\)/),
			detail: 'Hold the charge; confirm housing intake at Compass Center',
			participant: { name: 'Dana Notify-Fixture' }
		});
		const other = list(w.otherDefender, now)[0];
		expect(other.participant).toEqual({ participantId: p.participantId, code: expect.any(String) });
		expect(other.detail).toBeNull();
		expect(other.withheld).toMatch(/not shared/);
		expect(JSON.stringify(other)).not.toMatch(/Dana|Notify-Fixture|Compass/);
	});
});

describe('notifications a change raises in its own transaction', () => {
	const contact = (participantId: string) => ({
		participantId,
		kind: 'police_new_arrest',
		occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
		note: 'Arrested near the shelter on a warrant.'
	});

	it('tells the case manager and the defender of a new police contact, not its author, and announces it after the commit', async () => {
		const p = referred(new Date(Date.now() - 3 * DAY));
		await execute(deps, w.actors.police_officer, 'contact.add', contact(p.participantId));
		expect(told.map((t) => t.userId).sort()).toEqual([w.users.case_manager.id, w.users.defender.id].sort());
		expect(rowsOf(w.actors.police_officer)).toEqual([]);
		expect(rowsOf(w.otherCaseManager)).toEqual([]);
		const [n] = list(w.actors.case_manager);
		expect(n).toMatchObject({ kind: 'police_contact', title: 'New police contact' });
		expect(n.detail).toMatch(/new arrest on /);
		expect(unreadCount(w.db, w.actors.case_manager)).toBe(1);
	});

	it('raises nothing when the change is refused', async () => {
		const p = referred(new Date(Date.now() - 3 * DAY));
		const before = snapshotDatabase(w, { except: ['audit_events'] });
		await expect(
			execute(deps, w.actors.facilitator, 'contact.add', contact(p.participantId))
		).rejects.toSatisfy((e: unknown) => isDomainError(e) && e.code === 'forbidden');
		expect(snapshotDatabase(w, { except: ['audit_events'] })).toEqual(before);
		expect(told).toEqual([]);
	});

	it('renders a notification through the consents in force when it is read', async () => {
		const p = referred(new Date(Date.now() - 3 * DAY));
		actionItemFor(p.participantId, w.agencyIds.defense, '2026-01-01', new Date(Date.now() - DAY));
		sweepNotifications(w.db, new Date());
		const nameOf = () => list(w.otherDefender)[0].participant?.name;
		expect(nameOf()).toBeUndefined();

		const consent = recordConsent(w.db, w.actors.case_manager, {
			participantId: p.participantId,
			recipient: `agency:${w.agencyIds.defense}`,
			categories: ['identity'],
			purpose: 'Coordinate with defense counsel',
			signedOn: new Date(Date.now() - DAY).toISOString().slice(0, 10),
			until: 'date',
			validUntil: '2099-01-01'
		});
		expect(nameOf()).toBe('Dana Notify-Fixture');

		revokeConsent(w.db, w.actors.case_manager, {
			participantId: p.participantId,
			consentId: consent.consentId,
			expectedVersion: 1,
			reason: 'Withdrawn by the participant'
		});
		expect(nameOf()).toBeUndefined();
	});
});

describe('each person’s choices', () => {
	it('starts with everything in the board and nothing by e-mail', () => {
		expect(choicesOf(w.db, w.users.case_manager.id)).toEqual({
			inApp: ['assessment_due', 'police_contact', 'action_item_due', 'agenda_comment', 'agenda_published'],
			digest: []
		});
	});

	it('raises nothing of a kind the person receives nowhere, and only for that person', async () => {
		await execute(deps, w.actors.case_manager, 'notifications.choose', {
			inApp: ['assessment_due'],
			digest: []
		});
		const p = referred(new Date(Date.now() - 3 * DAY));
		await execute(deps, w.actors.police_officer, 'contact.add', {
			participantId: p.participantId,
			kind: 'police_social_contact',
			occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
			note: 'Checked in at the corner.'
		});
		expect(rowsOf(w.actors.case_manager)).toEqual([]);
		expect(rowsOf(w.actors.defender)).toHaveLength(1);
	});

	it('keeps a kind chosen only for the digest out of the board’s list and count', async () => {
		await execute(deps, w.actors.case_manager, 'notifications.choose', {
			inApp: [],
			digest: ['police_contact']
		});
		const p = referred(new Date(Date.now() - 3 * DAY));
		await execute(deps, w.actors.police_officer, 'contact.add', {
			participantId: p.participantId,
			kind: 'police_outreach',
			occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
			note: 'Outreach on 3rd Ave.'
		});
		expect(rowsOf(w.actors.case_manager)).toHaveLength(1);
		expect(list(w.actors.case_manager)).toEqual([]);
		expect(unreadCount(w.db, w.actors.case_manager)).toBe(0);
	});

	it('refuses a kind the board does not know, and changes nothing', async () => {
		const before = snapshotDatabase(w, { except: ['audit_events'] });
		await expect(
			execute(deps, w.actors.case_manager, 'notifications.choose', { inApp: ['everything'], digest: [] })
		).rejects.toSatisfy((e: unknown) => isDomainError(e) && e.code === 'invalid_input');
		expect(snapshotDatabase(w, { except: ['audit_events'] })).toEqual(before);
	});
});

describe('read state', () => {
	it('marks only the person’s own notifications read, and tells their other screens', async () => {
		const p = referred(new Date(Date.now() - 3 * DAY));
		await execute(deps, w.actors.police_officer, 'contact.add', {
			participantId: p.participantId,
			kind: 'police_new_arrest',
			occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
			note: 'Arrest.'
		});
		const [mine] = list(w.actors.case_manager);
		const [theirs] = list(w.actors.defender);
		told.length = 0;
		await expect(read(w.actors.case_manager, theirs.notificationId)).rejects.toSatisfy(
			(e: unknown) => isDomainError(e) && e.code === 'not_found'
		);
		await read(w.actors.case_manager, mine.notificationId);
		expect(told).toEqual([{ userId: w.users.case_manager.id, notificationId: null }]);
		expect(list(w.actors.case_manager)[0].read).toBe(true);
		expect(list(w.actors.defender)[0].read).toBe(false);
		await execute(deps, w.actors.defender, 'notifications.readAll', {});
		expect(unreadCount(w.db, w.actors.defender)).toBe(0);
		expect(
			w.db
				.select()
				.from(notifications)
				.where(eq(notifications.userId, w.users.defender.id))
				.all()
				.every((n) => n.readAt !== null)
		).toBe(true);
	});
});

describe('the daily digest', () => {
	/** An SMTP server in this process that keeps every message it is sent. */
	async function smtpServer() {
		const received: { to: string[]; raw: string }[] = [];
		const server = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS'],
			logger: false,
			onData(stream, session, done) {
				let raw = '';
				stream.setEncoding('utf8');
				stream.on('data', (chunk: string) => (raw += chunk));
				stream.on('end', () => {
					received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
					done();
				});
			}
		});
		const port = await freePort();
		await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
		return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
	}

	it('goes out once a local day from the configured hour, with counts of unread kinds chosen and nothing else', async () => {
		const smtp = await smtpServer();
		try {
			const mailDeps = (hour: number) => ({
				db: w.db,
				mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'board@example.org', digestHour: hour },
				boardUrl: 'https://board.example.org'
			});
			await execute(deps, w.actors.case_manager, 'notifications.choose', {
				inApp: ['police_contact'],
				digest: ['police_contact', 'assessment_due']
			});
			const p = referred(new Date(Date.now() - 3 * DAY));
			for (const kind of ['police_new_arrest', 'police_outreach'])
				await execute(deps, w.actors.police_officer, 'contact.add', {
					participantId: p.participantId,
					kind,
					occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
					note: 'Seen near the shelter.'
				});
			// 06:30 in Los Angeles on 12 May: before a 7 o'clock digest; 07:30 is after it.
			const early = new Date('2026-05-12T13:30:00.000Z');
			const late = new Date('2026-05-12T14:30:00.000Z');
			expect(await sendDailyDigests(mailDeps(7), early)).toEqual({ sent: 0, failed: 0 });
			expect(await sendDailyDigests(mailDeps(7), late)).toEqual({ sent: 1, failed: 0 });
			expect(await sendDailyDigests(mailDeps(7), new Date(late.getTime() + 3_600_000))).toEqual({
				sent: 0,
				failed: 0
			});
			expect(smtp.received).toHaveLength(1);
			const text = smtp.received[0].raw.replace(/=\r?\n/g, '');
			expect(smtp.received[0].to).toEqual([w.users.case_manager.email]);
			expect(text).toContain('New police contacts: 2');
			expect(text).not.toContain('Assessments due soon');
			expect(text).toContain('https://board.example.org/notifications');
			const code = list(w.actors.case_manager)[0].participant!.code;
			for (const secret of [code, 'Dana', 'Notify-Fixture', 'shelter']) expect(text).not.toContain(secret);
		} finally {
			await smtp.close();
		}
	});

	it('is tried again on the next run when the mail server refuses it', async () => {
		const port = await freePort(); // nobody listens there
		await execute(deps, w.actors.case_manager, 'notifications.choose', {
			inApp: [],
			digest: ['police_contact']
		});
		const p = referred(new Date(Date.now() - 3 * DAY));
		await execute(deps, w.actors.police_officer, 'contact.add', {
			participantId: p.participantId,
			kind: 'police_new_arrest',
			occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
			note: 'Arrest.'
		});
		const mailDeps = {
			db: w.db,
			mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'board@example.org', digestHour: 0 },
			boardUrl: 'https://board.example.org'
		};
		expect(await sendDailyDigests(mailDeps, new Date())).toEqual({ sent: 0, failed: 1 });
		expect(choicesOf(w.db, w.users.case_manager.id).digest).toEqual(['police_contact']);
		expect(await sendDailyDigests(mailDeps, new Date())).toEqual({ sent: 0, failed: 1 });
	});
});
