import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestBoard, type TestBoard } from '../helpers/board';
import { boardClients, databaseDigest, newReferral, type LiveBoardClient } from '../helpers/board-client';
import { waitFor } from '../helpers/wait';

let board: TestBoard;
const clients = boardClients(() => board);
const open = clients.open;
beforeAll(async () => {
	board = await startTestBoard();
});
afterEach(() => clients.closeAll());
afterAll(async () => {
	await board.stop();
});

async function refer(officer: LiveBoardClient, name: string, idempotencyKey?: string) {
	const reply = await officer.socket.emitWithAck('board:mutate:v1', {
		op: 'referral.create',
		input: newReferral(name),
		...(idempotencyKey ? { idempotencyKey } : {})
	});
	if (!reply.ok) throw new Error(`${reply.code}: ${reply.message}`);
	return reply.data;
}

describe('the live board over socket.io', () => {
	it('delivers a police referral to a case manager within a second, and withholds the name from a defender who does not represent the person', async () => {
		const officer = await open('officer@demo.test');
		const caseManager = await open('casemanager@demo.test');
		const defender = await open('defender@demo.test');
		const { participantId } = await refer(officer, 'Riley Canary-Harbor');

		const card = await waitFor(() => caseManager.cards.get(participantId), {
			timeout: 1_000,
			message: 'card on the case manager board'
		});
		expect(card).toMatchObject({
			status: 'referred',
			name: 'Riley Canary-Harbor',
			pathway: 'arrest_diversion'
		});
		expect(card.assessment?.daysLeft).toBe(30);
		const change = caseManager.changes.find((c) => c.card.participantId === participantId)!;
		expect(change.by).toEqual({ name: 'Sam Reyes', agencyKind: 'police' });

		const defenderCard = await waitFor(() => defender.cards.get(participantId), {
			message: 'card on the defender board'
		});
		expect(defenderCard.name).toBeUndefined();
		expect(JSON.stringify(defender.changes)).not.toContain('Canary-Harbor');
	});

	it('refuses a stale edit with a conflict that carries the current value', async () => {
		const officer = await open('officer@demo.test');
		const caseManager = await open('casemanager@demo.test');
		const { participantId } = await refer(officer, 'Stale Edit Person');
		const claimed = await caseManager.socket.emitWithAck('board:mutate:v1', {
			op: 'participant.claim',
			input: { participantId, expectedVersion: 1 }
		});
		expect(claimed.ok).toBe(true);
		const stale = await caseManager.socket.emitWithAck('board:mutate:v1', {
			op: 'status.change',
			input: { participantId, to: 'enrolled', reason: 'Intake done', expectedVersion: 1 }
		});
		expect(stale).toMatchObject({ ok: false, code: 'conflict' });
		expect(!stale.ok && (stale.current as { version: number; status: string })).toMatchObject({
			version: 2,
			status: 'referred'
		});
	});

	it('applies a retried mutation with the same idempotency key once', async () => {
		const officer = await open('officer@demo.test');
		const first = await refer(officer, 'Retry Once Person', 'retry-key-0001');
		const again = await refer(officer, 'Retry Once Person', 'retry-key-0001');
		expect(again.participantId).toBe(first.participantId);
		expect(again.seq).toBe(first.seq);
		const roster = await officer.socket.emitWithAck('board:roster:v1', { search: 'Retry Once Person' });
		expect(roster.ok && roster.data.roster.cards).toHaveLength(1);
	});

	it('brings a client that missed three changes to the same state as one that never left', async () => {
		const officer = await open('officer@demo.test');
		const stayed = await open('supervisor@demo.test');
		const left = await open('supervisor@demo.test');
		left.socket.disconnect();
		const ids: string[] = [];
		for (const name of ['Missed One', 'Missed Two', 'Missed Three'])
			ids.push((await refer(officer, name)).participantId);
		await waitFor(() => ids.every((id) => stayed.cards.has(id)), { message: 'stayed client has all three' });
		expect(ids.some((id) => left.cards.has(id))).toBe(false);

		left.socket.connect();
		await waitFor(() => left.socket.connected, { message: 'reconnected' });
		const reply = await left.socket.emitWithAck('board:catchup:v1', { afterSeq: left.seq });
		expect(reply.ok).toBe(true);
		if (!reply.ok) return;
		for (const card of reply.data.cards) left.cards.set(card.participantId, card);
		left.seq = reply.data.seq;
		expect(reply.data.hasMore).toBe(false);
		const byId = (m: Map<string, unknown>) =>
			JSON.stringify([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
		expect(byId(left.cards)).toBe(byId(stayed.cards));
	});

	it('answers 200 malformed mutations with error acks and leaves the database unchanged', async () => {
		const officer = await open('officer@demo.test');
		const { participantId } = await refer(officer, 'Fuzz Target Person');
		const before = databaseDigest(board.databasePath);
		const payloads = malformedPayloads(participantId, 200);
		for (const payload of payloads) {
			const reply = await officer.socket.timeout(5_000).emitWithAck('board:mutate:v1', payload as never);
			expect(reply.ok, JSON.stringify(payload).slice(0, 200)).toBe(false);
			if (!reply.ok) expect(['invalid_input', 'forbidden', 'not_found', 'conflict']).toContain(reply.code);
		}
		expect(databaseDigest(board.databasePath)).toBe(before);
		expect(officer.socket.connected).toBe(true);
	});
});

/** Wrong types, missing fields, huge strings, prototype keys and unknown fields, deterministically mixed. */
function malformedPayloads(participantId: string, count: number): unknown[] {
	const huge = 'x'.repeat(200_000);
	const shapes: ((i: number) => unknown)[] = [
		() => null,
		(i) => i,
		() => 'referral.create',
		() => [],
		() => ({}),
		() => ({ op: 'no.such.op', input: {} }),
		() => ({ op: 'referral.create' }),
		() => ({ op: 'referral.create', input: 'text' }),
		() => ({ op: 'referral.create', input: { pathway: 42 } }),
		() => ({ op: 'referral.create', input: { ...newReferral('A'), pathway: 'wormhole' } }),
		() => ({ op: 'referral.create', input: { ...newReferral(huge) } }),
		() => ({ op: 'referral.create', input: { ...newReferral('B'), occurredAt: 'yesterday' } }),
		() => ({ op: 'referral.create', input: { ...newReferral('C'), isAdmin: true } }),
		() =>
			JSON.parse(
				`{"op":"referral.create","input":{"__proto__":{"polluted":true},"pathway":"social_contact"}}`
			),
		() =>
			JSON.parse(
				`{"op":"update.post","input":{"participantId":"${participantId}","body":"hi","constructor":{"prototype":{}}}}`
			),
		() => ({ op: 'update.post', input: { participantId, body: huge } }),
		() => ({ op: 'update.post', input: { participantId: 'no-such-participant', body: 'hello' } }),
		() => ({ op: 'update.post', input: { participantId, body: 12 } }),
		() => ({ op: 'status.change', input: { participantId, to: 'exited', reason: '', expectedVersion: 1 } }),
		() => ({
			op: 'status.change',
			input: { participantId, to: 'referred', reason: 'x', expectedVersion: 1 }
		}),
		() => ({
			op: 'legal.chargingDecision',
			input: { participantId, legalMatterId: 'x', decision: 'filed', expectedVersion: 1 }
		}),
		() => ({ op: 'goal.add', input: { participantId, domain: 'abstinence', description: 'Stay sober' } }),
		() => ({
			op: 'contact.add',
			input: { participantId, kind: 'police_new_arrest', occurredAt: '2999-01-01T00:00:00Z', note: 'future' }
		}),
		() => ({ op: 'referral.create', input: newReferral('D'), idempotencyKey: 'bad key with spaces' }),
		(i) => ({ op: 'referral.create', input: { ...newReferral('E'), facts: { grams: -i } } })
	];
	return Array.from({ length: count }, (_, i) => shapes[i % shapes.length](i));
}
