/**
 * A change reaches each open board by seat (jurisdiction, role, agency), except for the people the
 * participant names: two case managers of one agency share a seat, yet only the participant's own
 * case manager sees what case management keeps for their own caseload.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config';
import { DEMO_PASSWORD, seedDemo } from '../../src/lib/server/demo/seed';
import { createServices } from '../../src/lib/server/services';
import { createUserAsOperator } from '../../src/lib/server/users';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { boardClients, type LiveBoardClient } from '../helpers/board-client';
import { waitFor } from '../helpers/wait';

const COLLEAGUE = 'colleague@demo.test';

let board: TestBoard;
const clients = boardClients(() => board);
const open = clients.open;

beforeAll(async () => {
	// The demo, and a second case manager in the same agency as the demo's case manager.
	const dir = mkdtempSync(join(tmpdir(), 'lead-board-seats-'));
	const services = createServices(
		loadConfig({ DATABASE_PATH: join(dir, 'board.sqlite'), LEAD_MODE: 'demo', LEAD_LOG: 'silent' })
	);
	try {
		await seedDemo(services);
		const caseManager = services.db.query.user.findFirst({
			where: (u, { eq }) => eq(u.email, 'casemanager@demo.test')
		});
		const { jurisdictionId, agencyId } = caseManager.sync()!;
		await createUserAsOperator(services, jurisdictionId!, {
			name: 'Robin Castillo',
			email: COLLEAGUE,
			role: 'case_manager',
			agencyId: agencyId!,
			password: DEMO_PASSWORD
		});
	} finally {
		services.close();
	}
	board = await startTestBoard({}, { dir });
});
afterEach(() => clients.closeAll());
afterAll(async () => {
	await board.stop();
});

/** A participant on the demo case manager's own caseload. */
function ownCaseloadParticipant(): string {
	const db = new Database(board.databasePath, { readonly: true });
	try {
		const row = db
			.prepare(
				`select p.id from participants p join user u on u.id = p.case_manager_user_id
				where u.email = 'casemanager@demo.test' and p.status = 'enrolled' limit 1`
			)
			.get() as { id: string };
		return row.id;
	} finally {
		db.close();
	}
}

describe('a change sent by seat', () => {
	it("gives the participant's own case manager their view, and a colleague of the same agency the seat's", async () => {
		const participantId = ownCaseloadParticipant();
		const own = await open('casemanager@demo.test');
		const colleague = await open(COLLEAGUE);
		const officer = await open('officer@demo.test');
		const reply = await officer.socket.emitWithAck('board:mutate:v1', {
			op: 'contact.add',
			input: {
				participantId,
				kind: 'police_social_contact',
				occurredAt: new Date(Date.now() - 60_000).toISOString(),
				note: 'Spoke near 3rd Ave; offered a ride to the clinic.'
			}
		});
		if (!reply.ok) throw new Error(`${reply.code}: ${reply.message}`);
		const { seq } = reply.data;
		const received = (client: LiveBoardClient) =>
			waitFor(() => client.changes.find((c) => c.seq === seq && c.card.participantId === participantId), {
				message: 'the change on a case manager board'
			});
		const [mine, theirs] = await Promise.all([received(own), received(colleague)]);
		// Case management's own records are the own case manager's alone (and their supervisors').
		expect(theirs.card.redacted.length).toBeGreaterThan(mine.card.redacted.length);
		expect(mine.card.redacted.every((c) => theirs.card.redacted.includes(c))).toBe(true);
		// Each got the change once, however many rooms it was sent to.
		expect(own.changes.filter((c) => c.seq === seq)).toHaveLength(1);
		expect(colleague.changes.filter((c) => c.seq === seq)).toHaveLength(1);
		expect(officer.changes.filter((c) => c.seq === seq)).toHaveLength(1);
	});
});
