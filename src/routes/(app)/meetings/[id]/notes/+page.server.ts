/** The notes of one meeting on their own ("open the notes full screen"). */
import { error } from '@sveltejs/kit';
import { getMeeting } from '$lib/server/meetings';
import { describeNotesReaders } from '$lib/server/notes/readers';
import { can } from '$lib/server/policy';
import { parseYjsRoom, yjsRooms } from '$lib/shared/events';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => {
	const actor = locals.actor!;
	const { db } = locals.services;
	// The id must be one a notes room can be named after; anything else names no meeting.
	const meeting = parseYjsRoom(yjsRooms.meetingNotes(params.id)) ? getMeeting(db, params.id) : null;
	// Someone who may not read the notes learns nothing, not even that the meeting exists.
	if (!meeting || !can(actor, 'meeting.notes.read', meeting))
		error(404, 'These notes do not exist or are not shared with you.');
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			kind: meeting.kind,
			startsAt: meeting.startsAt.toISOString()
		},
		readOnly: !can(actor, 'meeting.notes.write', meeting),
		readers: describeNotesReaders(db, meeting)
	};
};
