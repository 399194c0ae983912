import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ParticipantDetail } from '../../src/lib/shared/board-events';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { boardClients, newReferral, type LiveBoardClient } from '../helpers/board-client';
import { waitFor } from '../helpers/wait';

const GOAL = 'Begin methadone maintenance at the Ridgeway clinic';
const PART2 = '42 CFR part 2 prohibits unauthorized use or disclosure of these records.';

let board: TestBoard;
const clients = boardClients(() => board);
beforeAll(async () => {
	board = await startTestBoard();
});
afterEach(() => clients.closeAll());
afterAll(async () => {
	await board.stop();
});

/** A board client that also keeps the latest detail of the participant page it watches. */
async function open(email: string) {
	const client = await clients.open(email);
	const watched = { detail: null as ParticipantDetail | null };
	client.socket.on('participant:detail:v1', ({ detail }) => {
		watched.detail = detail;
	});
	return { client, watched };
}

async function mutate(client: LiveBoardClient, op: string, input: Record<string, unknown>) {
	const reply = await client.socket.emitWithAck('board:mutate:v1', { op, input });
	if (!reply.ok) throw new Error(`${op}: ${reply.code} ${reply.message}`);
	return reply.data;
}

function policeAgencyId(): string {
	const db = new Database(board.databasePath, { readonly: true });
	try {
		return (db.prepare("select id from agencies where kind = 'police'").get() as { id: string }).id;
	} finally {
		db.close();
	}
}

/** A participant referred by the officer, taken on by the case manager, with a clinical goal. */
async function participantWithClinicalGoal(officer: LiveBoardClient, caseManager: LiveBoardClient) {
	const { participantId } = await mutate(officer, 'referral.create', newReferral('Harper Quill-Example'));
	await mutate(caseManager, 'participant.claim', { participantId, expectedVersion: 1 });
	await mutate(caseManager, 'goal.add', {
		participantId,
		domain: 'substance_use_treatment',
		description: GOAL
	});
	return participantId;
}

/** Yesterday in UTC is never in the future in the jurisdiction's zone (the server refuses future signing dates). */
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe('revoking a consent reaches screens already open', () => {
	it('removes the clinical plan from a watching police client within a second of the revocation', async () => {
		const police = await open('officer@demo.test');
		const caseManager = await open('casemanager@demo.test');
		const participantId = await participantWithClinicalGoal(police.client, caseManager.client);

		const first = await police.client.socket.emitWithAck('participant:watch:v1', { participantId });
		expect(first.ok && JSON.stringify(first.data)).not.toContain(GOAL);

		const consent = await mutate(caseManager.client, 'consent.record', {
			participantId,
			recipient: `agency:${policeAgencyId()}`,
			categories: ['clinical', 'plan'],
			purpose: 'Coordinate treatment with the referring officer',
			signedOn: yesterday(),
			until: 'date',
			validUntil: '2099-12-31'
		});
		const granted = await waitFor(() => police.watched.detail?.part2Notice && police.watched.detail, {
			timeout: 1_000,
			message: 'the consented detail on the police page'
		});
		expect(JSON.stringify(granted.plan)).toContain(GOAL);
		expect(granted.consents.map((c) => c.recipient.agencyId)).toEqual([policeAgencyId()]);
		expect(police.client.cards.get(participantId)?.part2Notice).toBe(true);

		const revokedAt = Date.now();
		await mutate(caseManager.client, 'consent.revoke', {
			participantId,
			consentId: consent.consentId,
			expectedVersion: 1,
			reason: 'The participant withdrew the release'
		});
		await waitFor(() => !JSON.stringify(police.watched.detail).includes(GOAL), {
			timeout: 1_000,
			message: 'the clinical goal to leave the police page'
		});
		expect(Date.now() - revokedAt).toBeLessThan(1_000);
		expect(police.watched.detail?.part2Notice).toBeUndefined();
		expect(police.watched.detail?.consents).toEqual([]);
		expect(police.watched.detail?.redacted).toContain('clinical');
		await waitFor(() => police.client.cards.get(participantId)?.part2Notice === undefined, {
			timeout: 1_000,
			message: 'the police board card without the Part 2 flag'
		});
		expect(JSON.stringify(police.client.cards.get(participantId))).not.toContain(GOAL);

		// A fresh read agrees with what was pushed.
		const reread = await police.client.socket.emitWithAck('participant:watch:v1', { participantId });
		expect(reread.ok && JSON.stringify(reread.data)).not.toContain(GOAL);
		expect(reread.ok && JSON.stringify(reread.data)).not.toContain(PART2);
	});

	it('refuses a consent mutation from the police over the socket, and changes nothing they see', async () => {
		const police = await open('officer@demo.test');
		const caseManager = await open('casemanager@demo.test');
		const participantId = await participantWithClinicalGoal(police.client, caseManager.client);
		const reply = await police.client.socket.emitWithAck('board:mutate:v1', {
			op: 'consent.record',
			input: {
				participantId,
				recipient: 'kind:police',
				categories: ['clinical'],
				purpose: 'Self-granted',
				signedOn: yesterday(),
				until: 'exit'
			}
		});
		expect(reply).toMatchObject({ ok: false, code: 'forbidden' });
		const detail = await police.client.socket.emitWithAck('participant:watch:v1', { participantId });
		expect(detail.ok && detail.data.consents).toEqual([]);
		expect(detail.ok && JSON.stringify(detail.data)).not.toContain(GOAL);
	});
});
