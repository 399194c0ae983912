/** The minutes: agenda, attendance, decisions, action items and notes; approved here, then read-only and printable. */
import { commandAction, signedIn } from '$lib/server/http/command-action';
import { listNoteVersions, loadDirectory, meetingView, readNotesState } from '$lib/server/meetings';
import type { NoteVersionView } from '$lib/shared/meeting-events';
import type { Actions, PageServerLoad } from './$types';
import { readMeeting } from '../../form';

export const load: PageServerLoad = (event) => {
	const actor = signedIn(event);
	const { db } = event.locals.services;
	const view = readMeeting(() => meetingView(db, actor, event.params.id));
	const dir = loadDirectory(db, actor.jurisdictionId);
	const canRead = view.notes.canRead;
	const versions: NoteVersionView[] = listNoteVersions(db, view.meeting.meetingId).map((v) => {
		const by = dir.people.get(v.createdByUserId);
		return {
			versionId: v.id,
			kind: v.kind,
			label: v.label,
			at: v.createdAt.toISOString(),
			by: by
				? {
						userId: by.userId,
						name: by.name,
						agencyId: by.agencyId,
						agencyKind: by.agencyKind,
						agencyShort: by.agencyShort
					}
				: null,
			...(canRead ? { text: v.text } : {})
		};
	});
	// Until approval the notes can still change, so the minutes show them as they stand now.
	const currentNotes =
		canRead && view.meeting.status !== 'approved'
			? (readNotesState(db, view.meeting.meetingId)?.text ?? '')
			: null;
	return { view, versions, currentNotes };
};

export const actions: Actions = {
	approve: (event) => commandAction(event, { name: 'minutes.approve', extra: { meetingId: event.params.id } })
};
