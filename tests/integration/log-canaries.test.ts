import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { newReferral, openBoard } from '../helpers/board-client';

/**
 * Plants recognisable values in the places a careless log line would pick them up, then reads
 * everything the server process printed. None may appear; nor may any session token.
 */
const CANARY = {
	wrongPassword: 'canary-pw-7f3a9c1e-wrong',
	unknownEmail: 'canary.email.5b2d@nowhere.test',
	unknownEmailPassword: 'canary-pw-e41b-unknown-user',
	newName: 'Canaryname Quillfeather',
	newEmail: 'canary.quillfeather.88@demo.test',
	newPassword: 'canary-pw-0d9e-new-account',
	participantName: 'Canarius Participantson',
	narrative: 'canary-narrative-31c7 seen near the ferry terminal',
	updateBody: 'canary-update-a94e started methadone at the clinic',
	goal: 'canary-goal-6d02 substance use treatment intake',
	badInput: 'canary-bad-input-77f1'
};

let board: TestBoard;
let locked: Response;
const tokens: string[] = [];

async function attemptSignIn(email: string, password: string): Promise<Response> {
	const response = await fetch(`${board.origin}/api/auth/sign-in/email`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: board.origin },
		body: JSON.stringify({ email, password })
	});
	keepTokens(response.headers.getSetCookie());
	return response;
}

/** Remembers every cookie value the server handed out, raw, decoded and without its signature. */
function keepTokens(cookies: string[]) {
	for (const cookie of cookies) {
		const value = cookie.split(';')[0].split('=').slice(1).join('=');
		if (value) tokens.push(value, decodeURIComponent(value), decodeURIComponent(value).split('.')[0]);
	}
}

/** Participant data through the live board: a referral, an update, a clinical goal, and bad input. */
async function plantParticipantData() {
	const officer = await openBoard(board, 'officer@demo.test');
	const caseManager = await openBoard(board, 'casemanager@demo.test');
	const mutate = (client: typeof officer, op: string, input: Record<string, unknown>) =>
		client.socket.emitWithAck('board:mutate:v1', { op, input } as never);
	const referral = await mutate(officer, 'referral.create', {
		...newReferral(CANARY.participantName),
		narrative: CANARY.narrative
	});
	expect(referral.ok).toBe(true);
	const participantId = referral.ok ? referral.data.participantId : '';
	expect((await mutate(caseManager, 'participant.claim', { participantId, expectedVersion: 1 })).ok).toBe(
		true
	);
	expect((await mutate(caseManager, 'update.post', { participantId, body: CANARY.updateBody })).ok).toBe(
		true
	);
	const goal = { participantId, domain: 'substance_use_treatment', description: CANARY.goal };
	expect((await mutate(caseManager, 'goal.add', goal)).ok).toBe(true);
	const refused = await mutate(officer, 'update.post', { participantId, body: 42, note: CANARY.badInput });
	expect(refused.ok).toBe(false);
	officer.socket.close();
	caseManager.socket.close();
}

beforeAll(async () => {
	board = await startTestBoard();
	expect((await attemptSignIn('officer@demo.test', CANARY.wrongPassword)).ok).toBe(false);
	expect((await attemptSignIn(CANARY.unknownEmail, CANARY.unknownEmailPassword)).ok).toBe(false);
	// The helper signs in and acknowledges the system-use notice, as a person would.
	const admin = await signIn(board, 'admin@demo.test');
	keepTokens(admin.split('; '));
	const page = await (await fetch(`${board.origin}/admin/users`, { headers: { cookie: admin } })).text();
	const agencyId = /<option value="([0-9a-f-]{36})">Harbor Outreach Services<\/option>/.exec(page)?.[1] ?? '';
	const created = await fetch(`${board.origin}/admin/users?/create`, {
		method: 'POST',
		headers: {
			cookie: admin,
			origin: board.origin,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json'
		},
		body: new URLSearchParams({
			name: CANARY.newName,
			email: CANARY.newEmail,
			password: CANARY.newPassword,
			role: 'case_manager',
			agencyId
		})
	});
	expect(((await created.json()) as { type: string }).type).toBe('success');
	// The new account signs in once, so its password and token pass through the server again.
	expect((await attemptSignIn(CANARY.newEmail, CANARY.newPassword)).ok).toBe(true);
	// Five wrong passwords lock the account: the sixth try is refused even with the right one.
	for (let i = 0; i < 5; i++)
		expect((await attemptSignIn(CANARY.newEmail, CANARY.wrongPassword)).status).toBe(401);
	locked = await attemptSignIn(CANARY.newEmail, CANARY.newPassword);
	await plantParticipantData();
	// Everything the process printed is complete once it has exited.
	await board.stop();
}, 90_000);
afterAll(async () => {
	await board.stop();
});

describe('application logs', () => {
	it('captured the server output (so an empty check would not pass by accident)', () => {
		expect(board.logs.some((line) => line.includes('board.started'))).toBe(true);
		expect(tokens.length).toBeGreaterThanOrEqual(2);
	});

	it('never contain a planted password, email, name or participant detail', () => {
		const printed = board.logs.join('\n').toLowerCase();
		for (const [where, canary] of Object.entries(CANARY))
			expect(printed, where).not.toContain(canary.toLowerCase());
		expect(printed).not.toContain('quillfeather');
		expect(printed).not.toContain('canarius');
	});

	it('hold only the board’s JSON lines, the locked account’s refusal among them', async () => {
		expect(locked.status).toBe(403);
		expect(((await locked.json()) as { code?: string }).code).toBe('ACCOUNT_LOCKED');
		for (const line of board.logs) {
			expect(() => JSON.parse(line), line).not.toThrow();
			expect(JSON.parse(line), line).toMatchObject({ t: expect.any(String), level: expect.any(String) });
		}
		const refusals = board.logs.map((line) => JSON.parse(line)).filter((l) => l.event === 'auth.refused');
		expect(refusals).toContainEqual(
			expect.objectContaining({ level: 'warn', status: 'FORBIDDEN', code: 'ACCOUNT_LOCKED' })
		);
	});

	it('never contain a session token', () => {
		const printed = board.logs.join('\n');
		for (const token of tokens.filter((t) => t.length >= 16)) expect(printed).not.toContain(token);
	});
});
