/**
 * Authenticator-app (TOTP) sign-in on better-auth's twoFactor plugin: what an account still
 * setting up its app is shown (the otpauth URI, a QR code, backup codes), and the demo's one
 * seeded secret. Secrets are encrypted and checked by better-auth; nothing here verifies a code.
 */
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { symmetricDecrypt, symmetricEncrypt } from 'better-auth/crypto';
import { and, eq } from 'drizzle-orm';
import { encode } from 'uqr';
import { TOTP_ISSUER, type Auth } from '../auth';
import type { Db } from '../db';
import { user } from '../db/schema';
import { twoFactor } from '../db/security.schema';
import { inWrite } from '../db/write';

/** better-auth keeps secrets imported from elsewhere as `base32:<secret>`. */
const BASE32_PREFIX = 'base32:';

type SecretKey = Parameters<typeof symmetricDecrypt>[0]['key'];

async function secretKey(auth: Auth): Promise<SecretKey> {
	return (await auth.$context).secretConfig;
}

/** A QR code as one SVG path over a square of `size` modules, drawn by the page itself. */
export interface QrCode {
	size: number;
	path: string;
}

export function qrCode(text: string): QrCode {
	const { data, size } = encode(text, { ecc: 'M', border: 2 });
	let path = '';
	data.forEach((row, y) =>
		row.forEach((dark, x) => {
			if (dark) path += `M${x} ${y}h1v1h-1z`;
		})
	);
	return { size, path };
}

export interface Enrolment {
	totpUri: string;
	/** The base32 key, for typing into an app that cannot scan. */
	manualKey: string;
	qr: QrCode;
	backupCodes: string[];
}

/** The authenticator setup an account has started but not yet confirmed with a code, if any. */
export async function pendingEnrolment(
	deps: { db: Db; auth: Auth },
	userId: string,
	/** The page request's headers: better-auth resolves its base URL from them. */
	headers: Headers
): Promise<Enrolment | null> {
	const row = deps.db
		.select()
		.from(twoFactor)
		.where(and(eq(twoFactor.userId, userId), eq(twoFactor.verified, false)))
		.get();
	const account = deps.db
		.select({ id: user.id, email: user.email })
		.from(user)
		.where(eq(user.id, userId))
		.get();
	if (!row || !account) return null;
	const stored = await symmetricDecrypt({ key: await secretKey(deps.auth), data: row.secret });
	const secret = stored.startsWith(BASE32_PREFIX)
		? base32.decode(stored.slice(BASE32_PREFIX.length).toUpperCase())
		: stored;
	const totpUri = createOTP(secret, { digits: 6, period: 30 }).url(TOTP_ISSUER, account.email);
	const { backupCodes } = await deps.auth.api.viewBackupCodes({ body: { userId: account.id }, headers });
	return {
		totpUri,
		manualKey: new URL(totpUri).searchParams.get('secret') ?? '',
		qr: qrCode(totpUri),
		backupCodes
	};
}

/**
 * Gives an account a known authenticator secret, already confirmed: the demo's one account that
 * signs in with a code. Never used outside demo mode.
 */
export async function seedTotpSecret(deps: { db: Db; auth: Auth }, userId: string, base32Secret: string) {
	const key = await secretKey(deps.auth);
	const secret = await symmetricEncrypt({ key, data: `${BASE32_PREFIX}${base32Secret}` });
	const backupCodes = await symmetricEncrypt({ key, data: JSON.stringify([]) });
	inWrite(deps.db, () => {
		deps.db.delete(twoFactor).where(eq(twoFactor.userId, userId)).run();
		deps.db.insert(twoFactor).values({ userId, secret, backupCodes, verified: true }).run();
		deps.db.update(user).set({ twoFactorEnabled: true }).where(eq(user.id, userId)).run();
	});
}
