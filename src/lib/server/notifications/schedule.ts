/**
 * The notification jobs of a running board: the deadline sweep every NOTIFICATION_SWEEP_MINUTES
 * (its notifications announced like any change), and, when an SMTP server is configured, the
 * daily digests after it. A failing run is logged and the next one tried on time.
 */
import type { EventEmitter } from 'node:events';
import { createTransport } from 'nodemailer';
import type { BoardEventMap } from '../commands/events';
import type { Config } from '../config';
import type { Db } from '../db';
import { log } from '../log';
import { sendDailyDigests } from './digest';
import { sweepNotifications } from './sweep';

export interface NotificationJobDeps {
	db: Db;
	events: EventEmitter<BoardEventMap>;
	config: Pick<Config, 'notificationSweepMs' | 'mail' | 'origin' | 'port'>;
}

/** Starts the jobs (a first run at once); the returned function stops them. */
export function startNotificationJobs({ db, events, config }: NotificationJobDeps): () => void {
	const transport = config.mail ? createTransport(config.mail.smtpUrl) : null;
	const boardUrl = config.origin ?? `http://localhost:${config.port}`;
	let running = false;
	let stopped = false;
	const run = async () => {
		if (running || stopped || !db.$client.open) return;
		running = true;
		try {
			const told = sweepNotifications(db, new Date());
			if (told.length) events.emit('notifications-changed', told);
			if (config.mail && transport)
				await sendDailyDigests({ db, mail: config.mail, boardUrl, transport }, new Date());
		} catch (error) {
			log('error', 'notifications.job_failed', { error: String(error) });
		} finally {
			running = false;
		}
	};
	const first = setTimeout(() => void run(), 0);
	const timer = setInterval(() => void run(), config.notificationSweepMs);
	first.unref();
	timer.unref();
	return () => {
		stopped = true;
		clearTimeout(first);
		clearInterval(timer);
		transport?.close();
	};
}
