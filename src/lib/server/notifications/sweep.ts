/**
 * The periodic sweep for the notifications that time brings rather than a change: an assessment
 * whose deadline is within the program's warning days, and an action item due tomorrow or
 * overdue, both by the jurisdiction's local calendar. Running it twice in a day changes nothing
 * (one notification per person, kind, subject and day), and a reminder waits unread before the
 * next one about the same subject is raised.
 */
import { and, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import type { PersonNotified } from '../commands/events';
import type { Conn } from '../db';
import { actionItems } from '../db/meetings.schema';
import { participants } from '../db/participants.schema';
import { jurisdictions } from '../db/schema';
import { assessmentClock, loadFacts } from '../participants/board';
import { participantResource } from '../participants/changes';
import { localDayNumber } from '../../shared/zoned';
import { programOf, type Program } from '../program/settings';
import { can, type Actor } from '../policy';
import { peopleOf } from './people';
import { remind, type Raised } from './raise';
import { inWrite } from '../db/write';

const DAY_MS = 86_400_000;

/** The local calendar day `offset` days from `now`'s local day, as YYYY-MM-DD. */
export function localDay(now: Date, timezone: string, offset = 0): string {
	return new Date((localDayNumber(now, timezone) + offset) * DAY_MS).toISOString().slice(0, 10);
}

/** Sweeps every jurisdiction; answers who was told, for the realtime layer to announce. */
export function sweepNotifications(db: Conn, now: Date): PersonNotified[] {
	const ids = db.select({ id: jurisdictions.id }).from(jurisdictions).all();
	return ids.flatMap(({ id }) =>
		inWrite(db, () => {
			const program = programOf(db, id);
			const people = peopleOf(db, id);
			return [...assessmentsDue(db, program, people, now), ...actionItemsDue(db, program, people, now)];
		})
	);
}

function assessmentsDue(tx: Conn, program: Program, people: Actor[], now: Date): Raised[] {
	const assigned = tx
		.select()
		.from(participants)
		.where(
			and(
				eq(participants.jurisdictionId, program.jurisdictionId),
				isNotNull(participants.caseManagerUserId),
				isNull(participants.mergedIntoId),
				ne(participants.status, 'exited')
			)
		)
		.all();
	if (!assigned.length) return [];
	const facts = loadFacts(tx, program.jurisdictionId, null, now);
	const raised: Raised[] = [];
	for (const p of assigned) {
		const f = facts.get(p.id);
		const clock = f && assessmentClock(p, f, now, program.timezone, program.settings);
		if (!f?.latestReferral || !clock?.dueSoon) continue;
		const resource = { ...participantResource(p), participantId: p.id };
		for (const person of people.filter((a) => can(a, 'notify.assessmentDue', resource))) {
			const n = remind(
				tx,
				{
					jurisdictionId: program.jurisdictionId,
					userId: person.userId,
					kind: 'assessment_due',
					subjectId: f.latestReferral.id,
					participantId: p.id
				},
				now,
				program.timezone
			);
			if (n) raised.push(n);
		}
	}
	return raised;
}

function actionItemsDue(tx: Conn, program: Program, people: Actor[], now: Date): Raised[] {
	const tomorrow = localDay(now, program.timezone, 1);
	const today = localDay(now, program.timezone);
	const open = tx
		.select()
		.from(actionItems)
		.where(and(eq(actionItems.jurisdictionId, program.jurisdictionId), eq(actionItems.status, 'open')))
		.all()
		.filter((a) => a.dueDate === tomorrow || a.dueDate < today);
	const raised: Raised[] = [];
	for (const a of open) {
		for (const person of people.filter((p) => can(p, 'notify.actionItemDue', a))) {
			const n = remind(
				tx,
				{
					jurisdictionId: program.jurisdictionId,
					userId: person.userId,
					kind: 'action_item_due',
					subjectId: a.id,
					participantId: a.participantId,
					meetingId: a.meetingId
				},
				now,
				program.timezone
			);
			if (n) raised.push(n);
		}
	}
	return raised;
}
