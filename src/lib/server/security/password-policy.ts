/**
 * The password rule (NIST SP 800-63B, as the CJIS Security Policy adopts it): at least 12
 * characters, not a commonly used password, and no composition rules. The list of common
 * passwords (about 49,000) ships with @zxcvbn-ts/language-common, so the check needs no network.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
	too_short: `Use at least ${PASSWORD_MIN_LENGTH} characters`,
	too_long: `Use at most ${PASSWORD_MAX_LENGTH} characters`,
	too_common: 'That password is on a list of commonly used passwords; choose another'
};

let common: Set<string> | undefined;

/** Built on first use: most processes (tests, scripts) never check a password. */
function commonPasswords(): Set<string> {
	common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
	return common;
}

export function isCommonPassword(password: string): boolean {
	return commonPasswords().has(password.toLowerCase());
}

/** What is wrong with a proposed password, or null when it may be used. */
export function passwordProblem(password: string): PasswordProblem | null {
	if (password.length < PASSWORD_MIN_LENGTH) return 'too_short';
	if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
	if (isCommonPassword(password)) return 'too_common';
	return null;
}

/** The one schema for a new password, wherever one is chosen. */
export const PasswordSchema = z
	.string('Enter a password')
	.min(PASSWORD_MIN_LENGTH, PASSWORD_MESSAGES.too_short)
	.max(PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES.too_long)
	.refine((p) => !isCommonPassword(p), PASSWORD_MESSAGES.too_common);
