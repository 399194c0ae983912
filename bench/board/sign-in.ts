/**
 * Signs a bench client in with `signIn` from tests/helpers/board.ts (password, second step,
 * system-use notice), computing the authenticator code for the one demo account that has one
 * from the demo's published secret.
 */
import { createHmac } from 'node:crypto';
import { DEMO_PASSWORD, DEMO_TOTP_ACCOUNT, DEMO_TOTP_SECRET } from '../../src/lib/server/demo/seed';
import { signIn } from '../../tests/helpers/board';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Returns the Cookie header of a finished sign-in (a session the socket handshake accepts). */
export function benchSignIn(origin: string, email: string): Promise<string> {
	const totpCode = email === DEMO_TOTP_ACCOUNT ? totp(DEMO_TOTP_SECRET, Date.now()) : undefined;
	return signIn({ origin }, email, DEMO_PASSWORD, { totpCode });
}

/** RFC 6238 time-based code: HMAC-SHA1 over the 30-second step, six digits. */
export function totp(secretBase32: string, nowMs: number): string {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(nowMs / 30_000)));
	const mac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
	const offset = mac[mac.length - 1] & 0x0f;
	const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
	return value.toString().padStart(6, '0');
}

function base32Decode(text: string): Buffer {
	let bits = 0;
	let value = 0;
	const out: number[] = [];
	for (const ch of text.replace(/=+$/, '').toUpperCase()) {
		const index = BASE32.indexOf(ch);
		if (index < 0) throw new Error('not base32');
		value = ((value << 5) | index) & 0xffff;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}
