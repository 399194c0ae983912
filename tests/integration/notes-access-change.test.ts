import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yjsRooms } from '../../src/lib/shared/events';
import { signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { demoMeetings, openNotes, upgradeStatus } from '../helpers/notes';
import { waitFor } from '../helpers/wait';

let board: TestBoard;
beforeAll(async () => {
	board = await startTestBoard();
});
afterAll(async () => {
	await board.stop();
});

function readMeeting(meetingId: string) {
	const db = new Database(board.databasePath, { readonly: true });
	try {
		const meeting = db
			.prepare(
				'select title, starts_at as startsAt, version, invited_agency_ids as invited from meetings where id = ?'
			)
			.get(meetingId) as { title: string; startsAt: number; version: number; invited: string };
		const defense = db.prepare("select id from agencies where kind = 'defense'").get() as { id: string };
		return { ...meeting, invited: JSON.parse(meeting.invited) as string[], defenseAgencyId: defense.id };
	} finally {
		db.close();
	}
}

describe('notes access that changes while the notes are open', () => {
	it('closes the notes socket of an agency the facilitator stops inviting, and refuses it from then on', async () => {
		const { workgroup } = demoMeetings(board.databasePath);
		const room = yjsRooms.meetingNotes(workgroup);
		const defenderCookie = await signIn(board, 'defender@demo.test');
		const defender = openNotes(board, defenderCookie, room);
		try {
			await waitFor(() => defender.provider.synced, { message: 'defender synced' });
			const meeting = readMeeting(workgroup);
			expect(meeting.invited).toContain(meeting.defenseAgencyId);

			const facilitator = await signIn(board, 'facilitator@demo.test');
			const form = new URLSearchParams([
				['expectedVersion', String(meeting.version)],
				['title', meeting.title],
				['startsAt', new Date(meeting.startsAt).toISOString()],
				...meeting.invited
					.filter((id) => id !== meeting.defenseAgencyId)
					.map((id) => ['invitedAgencyIds', id])
			]);
			const response = await fetch(`${board.origin}/meetings/${workgroup}?/details`, {
				method: 'POST',
				headers: {
					cookie: facilitator,
					origin: board.origin,
					'x-sveltekit-action': 'true',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: form
			});
			expect(((await response.json()) as { type: string }).type).toBe('success');

			await waitFor(() => defender.closeCodes.includes(4403), {
				timeout: 10_000,
				message: 'closed as forbidden'
			});
			expect(
				await upgradeStatus(board, `/yjs/${room}`, { origin: board.origin, cookie: defenderCookie })
			).toBe(403);
		} finally {
			defender.destroy();
		}
	});
});
