/** The notes of one meeting on their own ("open the notes full screen"). */
import { error } from '@sveltejs/kit';
import { signedIn } from '$lib/server/http/command-action';
import { getMeeting } from '$lib/server/meetings';
import { notesRoomAccess } from '$lib/server/notes/access';
import { describeNotesReaders } from '$lib/server/notes/readers';
import { yjsRooms } from '$lib/shared/events';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	const { db } = event.locals.services;
	// The id must be one a notes room can be named after; anything else names no meeting.
	const access = notesRoomAccess(db, actor, yjsRooms.meetingNotes(event.params.id));
	const meeting = access?.read ? getMeeting(db, event.params.id) : null;
	// Someone who may not read the notes learns nothing, not even that the meeting exists.
	if (!access || !meeting) error(404, 'These notes do not exist or are not shared with you.');
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			kind: meeting.kind,
			startsAt: meeting.startsAt.toISOString()
		},
		readOnly: !access.write,
		readers: describeNotesReaders(db, meeting)
	};
};
