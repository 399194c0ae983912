/**
 * Writing checked roster entries: each participant with the referral, status history, timeline
 * entry and change-log row a referral made on the board would have (an upcoming court date as a
 * legal matter), each through statements prepared once, so ten thousand rows take seconds. The caller's transaction
 * holds them all.
 */
import { sql } from 'drizzle-orm';
import type { Conn } from '../db';
import {
	changeLog,
	legalMatters,
	participantEvents,
	participants,
	referrals,
	statusChanges
} from '../db/participants.schema';
import type { Program } from '../program/settings';
import { assessmentDueAt } from '../participants/deadline';
import { OFFENCE_CATEGORY_LABELS, PATHWAY_LABELS, STATUS_LABELS } from '../../shared/participant-labels';
import { zonedLocalToIso } from '../../shared/zoned';
import type { AgencyKind } from '../../shared/roles';
import type { RosterEntry } from './roster-rows';

/** Who the imported records name as their author. */
export interface Author {
	userId: string;
	agencyKind: AgencyKind;
}

/** Statuses whose assessment is still to come: only these carry an assessment clock. */
const BEFORE_ASSESSMENT = new Set(['referred', 'assessment_pending']);

const p = (name: string) => sql.placeholder(name);

/**
 * The statements, prepared once per import with the values of each row as placeholders: building
 * the SQL of a many-row INSERT costs more than SQLite takes to store the rows.
 */
function statements(tx: Conn) {
	const participant = tx
		.insert(participants)
		.values({
			id: p('id'),
			jurisdictionId: p('jurisdictionId'),
			code: p('code'),
			legalName: p('legalName'),
			aliases: p('aliases'),
			dateOfBirth: p('dateOfBirth'),
			raceEthnicity: p('raceEthnicity'),
			gender: p('gender'),
			caseManagerUserId: p('caseManagerUserId'),
			status: p('status'),
			statusChangedAt: p('now'),
			createdAt: p('now'),
			updatedAt: p('now')
		})
		.prepare();
	const referral = tx
		.insert(referrals)
		.values({
			id: p('referralId'),
			participantId: p('id'),
			pathway: p('pathway'),
			occurredAt: p('occurredAt'),
			referringUserId: p('authorId'),
			offenceCategory: p('offenceCategory'),
			screeningFacts: p('facts'),
			// Raw, so a referral without a clock can bind null (the column's own mapping cannot).
			assessmentDueAt: sql`${p('assessmentDueMs')}`,
			createdAt: p('now')
		})
		.prepare();
	const status = tx
		.insert(statusChanges)
		.values({
			id: p('statusId'),
			participantId: p('id'),
			toStatus: p('status'),
			reason: "Imported from the program's roster.",
			changedByUserId: p('authorId'),
			createdAt: p('now')
		})
		.prepare();
	const court = tx
		.insert(legalMatters)
		.values({
			id: p('legalId'),
			participantId: p('id'),
			caseNumber: 'Not recorded',
			court: 'Not recorded',
			charge: p('charge'),
			nextCourtDate: p('nextCourtDate'),
			createdByUserId: p('authorId'),
			createdAt: p('now'),
			updatedAt: p('now')
		})
		.prepare();
	const event = tx
		.insert(participantEvents)
		.values({
			participantId: p('id'),
			kind: 'roster.imported',
			category: 'core',
			actorUserId: p('authorId'),
			actorAgencyKind: p('authorAgencyKind'),
			payload: p('payload'),
			createdAt: p('now')
		})
		.prepare();
	const change = tx
		.insert(changeLog)
		.values({
			jurisdictionId: p('jurisdictionId'),
			participantId: p('id'),
			kind: 'roster.imported',
			category: 'core',
			createdAt: p('now')
		})
		.prepare();
	return { participant, referral, status, court, event, change };
}

export function insertRoster(
	tx: Conn,
	program: Program,
	author: Author,
	entries: RosterEntry[],
	now: Date
): void {
	if (!entries.length) return;
	const insert = statements(tx);
	const { jurisdictionId, timezone } = program;
	for (const e of entries) {
		const occurredAt = at(e.referralDate, '12:00', timezone);
		const row = {
			...e,
			id: crypto.randomUUID(),
			referralId: crypto.randomUUID(),
			statusId: crypto.randomUUID(),
			legalId: crypto.randomUUID(),
			jurisdictionId,
			now,
			authorId: author.userId,
			authorAgencyKind: author.agencyKind,
			occurredAt,
			facts: {},
			assessmentDueMs: clockOf(e, occurredAt, program)?.getTime() ?? null,
			payload: { segments: timeline(e) },
			charge: e.offenceCategory ? OFFENCE_CATEGORY_LABELS[e.offenceCategory] : 'Not recorded',
			nextCourtDate: e.nextCourtDate ? at(e.nextCourtDate, '09:00', timezone) : null
		};
		insert.participant.run(row);
		insert.referral.run(row);
		insert.status.run(row);
		if (e.nextCourtDate) insert.court.run(row);
		insert.event.run(row);
		insert.change.run(row);
	}
}

/** A local date as an instant in the program's time zone, at a time of day that keeps the date. */
function at(date: string, time: string, timezone: string): Date {
	return new Date(zonedLocalToIso(`${date}T${time}`, timezone)!);
}

/** An arrest diversion still before its assessment keeps the program's clock, counted from the referral. */
function clockOf(e: RosterEntry, occurredAt: Date, program: Program): Date | null {
	const runs =
		e.pathway === 'arrest_diversion' && BEFORE_ASSESSMENT.has(e.status) && program.assessmentWindowDays > 0;
	return runs ? assessmentDueAt(occurredAt, program.timezone, program.assessmentWindowDays) : null;
}

function timeline(e: RosterEntry) {
	const segments = [
		{
			c: 'core',
			t: `Imported from the program's roster (${PATHWAY_LABELS[e.pathway]}, referred ${e.referralDate}; status at import: ${STATUS_LABELS[e.status]}).`
		}
	];
	if (e.nextCourtDate)
		segments.push({ c: 'legal', t: `Next court date ${e.nextCourtDate}, from the roster.` });
	return segments;
}
