/**
 * The board's settings, read once from the environment and validated. Demo mode (the default)
 * seeds a demo jurisdiction and fills in safe local defaults; real use (`NODE_ENV=production`
 * or `LEAD_MODE=production`) seeds nothing and refuses to start without what it needs.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { trustFor, type TrustProxy } from './http/forwarded';

const bytes = (fallback: number) =>
	z.coerce
		.number()
		.int()
		.positive()
		.max(16 * 1024 * 1024)
		.default(fallback);

const flag = z
	.enum(['true', 'false', '1', '0'], 'Use true or false')
	.transform((v) => v === 'true' || v === '1');

/** A hop count (`1`) or a comma-separated list of proxy addresses, ranges and proxy-addr names. */
const trustProxy = z
	.string()
	.optional()
	.transform((value, ctx): TrustProxy => {
		const text = value?.trim() ?? '';
		if (!text || text === '0') return null;
		if (/^\d+$/.test(text)) return { hops: Number(text) };
		const addresses = text
			.split(',')
			.map((a) => a.trim())
			.filter(Boolean);
		try {
			trustFor({ addresses });
		} catch (error) {
			ctx.addIssue({
				code: 'custom',
				message: `Use a number of proxies or proxy addresses (${error instanceof Error ? error.message : 'invalid'})`
			});
			return z.NEVER;
		}
		return { addresses };
	});

const EnvSchema = z.object({
	NODE_ENV: z.string().optional(),
	LEAD_MODE: z.enum(['demo', 'production']).optional(),
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	ORIGIN: z.url().optional(),
	ALLOWED_ORIGINS: z.string().optional(),
	DATABASE_PATH: z.string().min(1).default('./data/lead-board.sqlite'),
	AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
	SESSION_MAX_AGE_HOURS: z.coerce
		.number()
		.positive()
		.max(24 * 7)
		.default(12),
	SOCKET_MAX_PAYLOAD_BYTES: bytes(1_000_000),
	YJS_MAX_UPDATE_BYTES: bytes(1024 * 1024),
	YJS_MAX_DOCUMENT_BYTES: bytes(8 * 1024 * 1024),
	YJS_MAX_CLIENTS_PER_ROOM: z.coerce.number().int().positive().default(250),
	SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
	// Minutes and hours may be fractional, so a test can expire a real session within seconds.
	SESSION_IDLE_MINUTES: z.coerce
		.number()
		.positive()
		.max(24 * 60)
		.default(30),
	SIGN_IN_LOCKOUT_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
	SIGN_IN_LOCKOUT_WINDOW_MINUTES: z.coerce
		.number()
		.positive()
		.max(24 * 60)
		.default(15),
	REQUIRE_TWO_FACTOR: flag.optional(),
	REQUIRE_SYSTEM_USE_NOTICE: flag.default(true),
	SOCKET_EVENT_LIMIT: z.coerce.number().int().positive().max(100_000).default(300),
	SOCKET_EVENT_WINDOW_SECONDS: z.coerce.number().positive().max(3600).default(10),
	LOAD_SHED_LAG_MS: z.coerce.number().int().min(0).max(60_000).default(100),
	TRUST_PROXY: trustProxy,
	BACKUP_DIR: z.string().min(1).optional(),
	// Hours may be fractional, so a test can watch several scheduled backups within seconds.
	BACKUP_INTERVAL_HOURS: z.coerce
		.number()
		.min(0)
		.max(24 * 31)
		.optional(),
	BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(14),
	METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
	AUDIT_CHECKPOINT_MINUTES: z.coerce
		.number()
		.positive()
		.max(24 * 60)
		.default(5),
	// Minutes may be fractional, so a test can watch a deadline notification arrive within seconds.
	NOTIFICATION_SWEEP_MINUTES: z.coerce
		.number()
		.positive()
		.max(24 * 60)
		.default(15),
	SMTP_URL: z
		.string()
		.trim()
		.regex(
			/^smtps?:\/\/\S+$/,
			'Use an smtp:// or smtps:// address, such as smtps://user:password@mail.example.org'
		)
		.optional(),
	MAIL_FROM: z.string().trim().min(3).max(200).optional(),
	DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7)
});

export interface Config {
	mode: 'demo' | 'production';
	port: number;
	host: string;
	/** The public URL, when one is configured; otherwise each request's own origin is used. */
	origin: string | undefined;
	/** Browser origins allowed to open sockets and post forms. */
	allowedOrigins: string[];
	databasePath: string;
	/** Undefined in demo mode until the database supplies a generated one. */
	authSecret: string | undefined;
	sessionMaxAgeSeconds: number;
	socketMaxPayloadBytes: number;
	yjsMaxUpdateBytes: number;
	yjsMaxDocumentBytes: number;
	yjsMaxClientsPerRoom: number;
	signInRateLimitPerMinute: number;
	/** A session with no request or socket event for this long ends. */
	sessionIdleMs: number;
	/** This many failed sign-ins within `windowMs` lock the account until an admin unlocks it. */
	lockout: { maxFailures: number; windowMs: number };
	/** Every account must sign in with an authenticator app (default: outside demo mode). */
	requireTwoFactor: boolean;
	/** Each session must acknowledge the system-use notice before anything else is shown. */
	requireSystemUseNotice: boolean;
	/** Socket events one person may send per window before being refused `rate_limited`. */
	socketEvents: { limit: number; windowSeconds: number };
	/** Event-loop lag (ms) past which new expensive work is refused with `busy`; 0: never. */
	loadShedLagMs: number;
	/** Which proxies' X-Forwarded-For and X-Forwarded-Proto are believed (none by default). */
	trustProxy: TrustProxy;
	/** Where backups go, how often the board takes one itself (0: never), and how many it keeps. */
	backups: { dir: string; intervalMs: number; keep: number };
	/** How often the audit chain's head is written to the log while the trail grows. */
	auditCheckpointMs: number;
	/** The bearer token `/metrics` asks for; without one `/metrics` is not served. */
	metricsToken: string | undefined;
	/** How often due-soon and overdue deadlines are swept for notifications. */
	notificationSweepMs: number;
	/**
	 * The daily e-mail digest: the SMTP server and sender, and the local hour (in each program's
	 * time zone) from which it goes out. Null when no SMTP server is configured: no e-mail at all.
	 */
	mail: MailSettings | null;
}

export interface MailSettings {
	smtpUrl: string;
	from: string;
	digestHour: number;
}

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`The board cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

const StorageSchema = EnvSchema.pick({ DATABASE_PATH: true, BACKUP_DIR: true });

/** The default backup folder: `backups` beside the database. */
const backupDirFor = (e: { DATABASE_PATH: string; BACKUP_DIR?: string }) =>
	e.BACKUP_DIR ?? join(dirname(e.DATABASE_PATH), 'backups');

/** Where the database and its backups are: all the operator's commands (backup, restore) need. */
export function loadStorage(env: Record<string, string | undefined> = process.env) {
	const parsed = StorageSchema.safeParse(env);
	if (!parsed.success) {
		throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
	}
	return { databasePath: parsed.data.DATABASE_PATH, backupDir: backupDirFor(parsed.data) };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	const parsed = EnvSchema.safeParse(env);
	if (!parsed.success) {
		throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
	}
	const e = parsed.data;
	const mode = e.LEAD_MODE ?? (e.NODE_ENV === 'production' ? 'production' : 'demo');
	if (mode === 'production') {
		const missing = [
			!e.ORIGIN && 'ORIGIN (the public URL of the board) is required outside demo mode',
			!e.AUTH_SECRET && 'AUTH_SECRET (32+ random characters) is required outside demo mode'
		].filter((p): p is string => typeof p === 'string');
		if (missing.length) throw new ConfigError(missing);
	}
	if (e.SMTP_URL && !e.MAIL_FROM)
		throw new ConfigError(['MAIL_FROM (the sender address) is required with SMTP_URL']);
	return {
		mode,
		port: e.PORT,
		host: e.HOST,
		origin: e.ORIGIN?.replace(/\/$/, ''),
		allowedOrigins: allowedOrigins(mode, e.PORT, e.ORIGIN, e.ALLOWED_ORIGINS),
		databasePath: e.DATABASE_PATH,
		authSecret: e.AUTH_SECRET,
		sessionMaxAgeSeconds: Math.max(1, Math.round(e.SESSION_MAX_AGE_HOURS * 3600)),
		socketMaxPayloadBytes: e.SOCKET_MAX_PAYLOAD_BYTES,
		yjsMaxUpdateBytes: e.YJS_MAX_UPDATE_BYTES,
		yjsMaxDocumentBytes: e.YJS_MAX_DOCUMENT_BYTES,
		yjsMaxClientsPerRoom: e.YJS_MAX_CLIENTS_PER_ROOM,
		signInRateLimitPerMinute: e.SIGN_IN_RATE_LIMIT_PER_MINUTE,
		sessionIdleMs: Math.round(e.SESSION_IDLE_MINUTES * 60_000),
		lockout: {
			maxFailures: e.SIGN_IN_LOCKOUT_ATTEMPTS,
			windowMs: Math.round(e.SIGN_IN_LOCKOUT_WINDOW_MINUTES * 60_000)
		},
		requireTwoFactor: e.REQUIRE_TWO_FACTOR ?? mode === 'production',
		requireSystemUseNotice: e.REQUIRE_SYSTEM_USE_NOTICE,
		socketEvents: { limit: e.SOCKET_EVENT_LIMIT, windowSeconds: e.SOCKET_EVENT_WINDOW_SECONDS },
		loadShedLagMs: e.LOAD_SHED_LAG_MS,
		trustProxy: e.TRUST_PROXY,
		backups: {
			dir: backupDirFor(e),
			intervalMs: Math.round((e.BACKUP_INTERVAL_HOURS ?? (mode === 'production' ? 24 : 0)) * 3_600_000),
			keep: e.BACKUP_KEEP
		},
		auditCheckpointMs: Math.round(e.AUDIT_CHECKPOINT_MINUTES * 60_000),
		metricsToken: e.METRICS_TOKEN,
		notificationSweepMs: Math.round(e.NOTIFICATION_SWEEP_MINUTES * 60_000),
		mail:
			e.SMTP_URL && e.MAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, digestHour: e.DIGEST_HOUR } : null
	};
}

function allowedOrigins(mode: string, port: number, origin?: string, extra?: string): string[] {
	const list = new Set<string>();
	if (origin) list.add(new URL(origin).origin);
	for (const item of (extra ?? '').split(',')) if (item.trim()) list.add(new URL(item.trim()).origin);
	if (mode === 'demo') {
		// A demo on this machine is reached as localhost or by loopback address.
		for (const host of ['localhost', '127.0.0.1', '[::1]']) list.add(`http://${host}:${port}`);
	}
	return [...list];
}

/** The same settings once the server listens: a demo on port 0 learns its real port here. */
export function withListeningPort(config: Config, port: number): Config {
	if (config.port === port) return config;
	const extra = config.allowedOrigins.filter((o) => !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):/.test(o));
	return {
		...config,
		port,
		allowedOrigins: allowedOrigins(config.mode, port, config.origin, extra.join(','))
	};
}

/** Is this browser Origin header one the board accepts? A missing Origin is not a browser. */
export function isAllowedOrigin(config: Pick<Config, 'allowedOrigins'>, originHeader: string | undefined) {
	return originHeader === undefined || config.allowedOrigins.includes(originHeader);
}
