import { beforeAll, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '../../src/lib/server/auth';
import type { Db } from '../../src/lib/server/db';
import { user } from '../../src/lib/server/db/schema';
import { DomainError } from '../../src/lib/server/errors';
import { passwordProblem, PASSWORD_MESSAGES } from '../../src/lib/server/security/password-policy';
import { buildDatabase, buildJurisdiction, type ROLE_AGENCY } from '../helpers/factories';
import { createUser } from '../helpers/commands';

describe('the password rule', () => {
	it('refuses a commonly used password even when it is long enough', () => {
		expect(passwordProblem('password1234')).toBe('too_common');
		expect(passwordProblem('QWERTYUIOP123')).toBe('too_common');
	});

	it('accepts an uncommon password of exactly 12 characters, with no composition rules', () => {
		expect(passwordProblem('quiet harbor')).toBeNull();
		expect(passwordProblem('quietharbour')).toBeNull();
	});

	it('refuses 11 characters', () => {
		expect(passwordProblem('quiet harbo')).toBe('too_short');
	});
});

describe('where passwords are chosen', () => {
	let db: Db;
	let auth: Auth;
	let world: ReturnType<typeof buildJurisdiction>;
	beforeAll(() => {
		db = buildDatabase().db;
		auth = createAuth({
			db,
			secret: 's'.repeat(32),
			trustedOrigins: ['http://localhost'],
			sessionMaxAgeSeconds: 3600,
			signInPerMinute: 1000,
			onSessionEnded: () => undefined,
			isDisabled: () => false
		});
		world = buildJurisdiction(db);
	});
	const newAccount = (email: string, password: string, role: keyof typeof ROLE_AGENCY = 'defender') =>
		createUser({ db, auth }, null, world.jurisdiction.id, {
			name: 'Robin Vale',
			email,
			password,
			role,
			agencyId: world.agencyIds.defense
		});

	it('a new account refuses a common password with a field message and creates nothing', async () => {
		const error = await newAccount('common@policy.test', 'password1234').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DomainError);
		expect((error as DomainError).fields).toEqual({ password: PASSWORD_MESSAGES.too_common });
		expect(db.select().from(user).all()).toHaveLength(0);
	});

	it('a password change through better-auth refuses a common password', async () => {
		await newAccount('changer@policy.test', 'tide pools at noon');
		const signedIn = await auth.handler(
			new Request('http://localhost/api/auth/sign-in/email', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email: 'changer@policy.test', password: 'tide pools at noon' })
			})
		);
		const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
		const change = (newPassword: string) =>
			auth.handler(
				new Request('http://localhost/api/auth/change-password', {
					method: 'POST',
					headers: { 'content-type': 'application/json', cookie, origin: 'http://localhost' },
					body: JSON.stringify({ currentPassword: 'tide pools at noon', newPassword })
				})
			);
		const refused = await change('password1234');
		expect(refused.status).toBe(400);
		expect(await refused.json()).toMatchObject({ message: PASSWORD_MESSAGES.too_common });
		expect((await change('a different long phrase')).status).toBe(200);
	});
});
