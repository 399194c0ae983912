/**
 * The daily e-mail digest: for each person who asked for it, once a local day from the
 * configured hour, how many unread notifications of each chosen kind arrived since the last
 * one, and a link to the board. It carries no participant detail at all (no code, name or
 * record text): e-mail leaves the program, and its copies cannot be taken back.
 */
import { and, count, eq, gt, inArray, isNull } from 'drizzle-orm';
import { createTransport, type Transporter } from 'nodemailer';
import type { MailSettings } from '../config';
import type { Conn } from '../db';
import { notificationPreferences, notifications } from '../db/notifications.schema';
import { jurisdictions, user } from '../db/schema';
import { log } from '../log';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../shared/notifications';
import { localDay } from './sweep';

/** What the digest says for each kind, beside its count. */
export const DIGEST_LINES: Record<NotificationKind, string> = {
	assessment_due: 'Assessments due soon',
	police_contact: 'New police contacts',
	action_item_due: 'Action items due tomorrow or overdue',
	agenda_comment: 'Comments on your agendas',
	agenda_published: 'Agendas published'
};

export interface DigestDeps {
	db: Conn;
	mail: MailSettings;
	/** The board's address, for the link. */
	boardUrl: string;
	/** An open transport to reuse; one is made from `mail.smtpUrl` when absent. */
	transport?: Transporter;
}

export interface DigestReport {
	sent: number;
	failed: number;
}

type Counts = Partial<Record<NotificationKind, number>>;

/** The local hour of `now` in a time zone (0-23). */
function localHour(now: Date, timezone: string): number {
	return Number(
		new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23', timeZone: timezone }).format(now)
	);
}

/**
 * Sends every digest due at `now` and settles each person for the day, so calling it again the
 * same day sends nothing more. A person with nothing to report is settled without an e-mail; a
 * failed send is logged and tried again on the next call.
 */
export async function sendDailyDigests(deps: DigestDeps, now: Date): Promise<DigestReport> {
	const transport = deps.transport ?? createTransport(deps.mail.smtpUrl);
	const report: DigestReport = { sent: 0, failed: 0 };
	try {
		for (const j of deps.db.select().from(jurisdictions).all()) {
			if (localHour(now, j.timezone) < deps.mail.digestHour) continue;
			const today = localDay(now, j.timezone);
			for (const person of dueToday(deps.db, j.id, today)) {
				const counts = countsFor(deps.db, person.userId, person.digest, person.since);
				const ok = await deliver(deps, transport, { email: person.email, programName: j.name, counts });
				if (!ok) {
					report.failed++;
					continue;
				}
				if (total(counts) > 0) report.sent++;
				deps.db
					.update(notificationPreferences)
					.set({ digestSentOn: today, digestSentAt: now })
					.where(eq(notificationPreferences.userId, person.userId))
					.run();
			}
		}
	} finally {
		if (!deps.transport) transport.close();
	}
	if (report.sent || report.failed) log('info', 'digest.sent', { sent: report.sent, failed: report.failed });
	return report;
}

/** People of a jurisdiction who chose a digest and have not been settled for `today`. */
function dueToday(db: Conn, jurisdictionId: string, today: string) {
	return db
		.select({
			userId: user.id,
			email: user.email,
			digest: notificationPreferences.digest,
			sentOn: notificationPreferences.digestSentOn,
			since: notificationPreferences.digestSentAt
		})
		.from(notificationPreferences)
		.innerJoin(user, eq(user.id, notificationPreferences.userId))
		.where(and(eq(user.jurisdictionId, jurisdictionId), eq(user.disabled, false)))
		.all()
		.filter((p) => p.digest.length > 0 && p.sentOn !== today);
}

/** Unread notifications of the chosen kinds raised since the last digest, by kind. */
export function countsFor(
	db: Conn,
	userId: string,
	kinds: readonly NotificationKind[],
	since: Date | null
): Counts {
	const rows = db
		.select({ kind: notifications.kind, n: count() })
		.from(notifications)
		.where(
			and(
				eq(notifications.userId, userId),
				inArray(notifications.kind, [...kinds]),
				isNull(notifications.readAt),
				since ? gt(notifications.createdAt, since) : undefined
			)
		)
		.groupBy(notifications.kind)
		.all();
	return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

const total = (counts: Counts) => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);

/** The digest's words: counts by kind and the link, nothing else. */
export function digestMessage(counts: Counts, programName: string, boardUrl: string) {
	const n = total(counts);
	const lines = NOTIFICATION_KINDS.filter((k) => counts[k]).map((k) => `  ${DIGEST_LINES[k]}: ${counts[k]}`);
	return {
		subject: `LEAD board: ${n} new ${n === 1 ? 'notification' : 'notifications'}`,
		text: [
			`New on the LEAD workgroup board for ${programName} since your last digest:`,
			'',
			...lines,
			'',
			`Open the board to read them: ${boardUrl}/notifications`,
			'',
			'This e-mail never carries participant details; they stay on the board.',
			`To change what you receive: ${boardUrl}/settings`
		].join('\n')
	};
}

async function deliver(
	deps: DigestDeps,
	transport: Transporter,
	to: { email: string; programName: string; counts: Counts }
): Promise<boolean> {
	if (total(to.counts) === 0) return true;
	try {
		await transport.sendMail({
			from: deps.mail.from,
			to: to.email,
			...digestMessage(to.counts, to.programName, deps.boardUrl)
		});
		return true;
	} catch (error) {
		const code = (error as { code?: string; responseCode?: number }).code ?? 'unknown';
		log('warn', 'digest.failed', { code, status: (error as { responseCode?: number }).responseCode });
		return false;
	}
}
