/**
 * "Build agenda from roster": proposes one participant review per participant the board flags
 * (new referral since the last meeting, assessment due within 7 days or overdue, new police
 * contact, court within 14 days, unable to locate, flagged for discussion, open action items),
 * from the roster as the facilitator sees it. Items carry reason codes and a title made of those
 * reasons' labels only: no participant field is ever copied into the agenda.
 */
import { and, desc, eq, gt, inArray, lt, ne } from 'drizzle-orm';
import { meetings, type Meeting } from '../db/schema';
import { referrals, participants } from '../db/participants.schema';
import { agendaItems, type AgendaReason } from '../db/meetings.schema';
import { programOf } from '../program/settings';
import { rosterView, type ParticipantCard } from '../participants/views';
import { defaultSince } from '../participants/board';
import type { Conn } from '../db';
import type { Actor } from '../policy';
import { AGENDA_REASON_LABELS } from '../../shared/meeting-events';
import { agendaOf, nextPosition } from './agenda';
import { openActionItemsBefore } from './decisions';
import { openFlags } from './flags';
import { authorizeMeeting, checkMeetingVersion, loadMeeting, meetingCommand, touchMeeting } from './records';
import { meetingVersionInput } from './schemas';

/** Most urgent first: an item's place on the proposed agenda follows its most urgent reason. */
export const REASON_ORDER: readonly AgendaReason[] = [
	'assessment_overdue',
	'assessment_due_soon',
	'court_within_14_days',
	'new_police_contact',
	'new_referral',
	'unable_to_locate',
	'flagged_for_discussion',
	'open_action_items'
];

export interface ProposedItem {
	participantId: string;
	code: string;
	reasons: AgendaReason[];
	title: string;
	plannedMinutes: number;
}

export interface AgendaProposal {
	/** The date "since the last meeting" counts from. */
	since: Date;
	items: ProposedItem[];
	/** Open action items that name no participant; they get one "Open action items" item. */
	openGeneralActionItems: number;
}

/** The last workgroup meeting that took place before this one, if any. */
export function previousMeeting(tx: Conn, m: Meeting): Meeting | null {
	return (
		tx
			.select()
			.from(meetings)
			.where(
				and(
					eq(meetings.jurisdictionId, m.jurisdictionId),
					eq(meetings.kind, m.kind),
					ne(meetings.id, m.id),
					lt(meetings.startsAt, m.startsAt),
					inArray(meetings.status, ['live', 'ended', 'approved'])
				)
			)
			.orderBy(desc(meetings.startsAt))
			.limit(1)
			.get() ?? null
	);
}

/** Participants referred after `since` (referral dates are core fields). */
function referredSince(tx: Conn, jurisdictionId: string, since: Date): Set<string> {
	const rows = tx
		.select({ participantId: referrals.participantId })
		.from(referrals)
		.innerJoin(participants, eq(participants.id, referrals.participantId))
		.where(and(eq(participants.jurisdictionId, jurisdictionId), gt(referrals.occurredAt, since)))
		.all();
	return new Set(rows.map((r) => r.participantId));
}

function reasonsFor(
	card: ParticipantCard,
	facts: { referred: Set<string>; flagged: Set<string>; actions: Set<string> }
) {
	const reasons = new Set<AgendaReason>();
	if (card.flags.includes('assessment_overdue')) reasons.add('assessment_overdue');
	if (card.flags.includes('assessment_due_soon')) reasons.add('assessment_due_soon');
	if (card.flags.includes('court_within_14_days')) reasons.add('court_within_14_days');
	if (card.flags.includes('new_police_contact_since_last_meeting')) reasons.add('new_police_contact');
	if (facts.referred.has(card.participantId)) reasons.add('new_referral');
	if (card.status === 'unable_to_locate') reasons.add('unable_to_locate');
	if (facts.flagged.has(card.participantId)) reasons.add('flagged_for_discussion');
	if (facts.actions.has(card.participantId)) reasons.add('open_action_items');
	return REASON_ORDER.filter((r) => reasons.has(r));
}

/** A title made only of reason labels: nothing from the participant's record. */
export function titleFor(reasons: readonly AgendaReason[]): string {
	return reasons.map((r) => AGENDA_REASON_LABELS[r]).join(' · ');
}

const URGENT: readonly AgendaReason[] = ['assessment_overdue', 'new_police_contact', 'court_within_14_days'];

/** The proposed items for a workgroup meeting, most urgent first (the facilitator's view of the roster). */
export function proposeAgenda(
	db: Conn,
	actor: Actor,
	meetingId: string,
	opts: { now?: Date } = {}
): AgendaProposal {
	const now = opts.now ?? new Date();
	const m = loadMeeting(db, actor, meetingId);
	authorizeMeeting(actor, 'meeting.agenda.build', m);
	const previous = previousMeeting(db, m);
	const since = previous
		? (previous.startedAt ?? previous.startsAt)
		: defaultSince(now, programOf(db, m.jurisdictionId).settings);
	const roster = rosterView(db, actor, {}, { now, since });
	const open = openActionItemsBefore(db, m);
	const facts = {
		referred: referredSince(db, actor.jurisdictionId, since),
		flagged: new Set(openFlags(db, actor.jurisdictionId).map((f) => f.participantId)),
		actions: new Set(open.flatMap((a) => (a.participantId ? [a.participantId] : [])))
	};
	const items = roster.cards
		.map((card) => ({ card, reasons: reasonsFor(card, facts) }))
		.filter(({ reasons }) => reasons.length > 0)
		.map(({ card, reasons }) => ({
			participantId: card.participantId,
			code: card.code,
			reasons,
			title: titleFor(reasons),
			plannedMinutes: reasons.some((r) => URGENT.includes(r)) ? 5 : 3
		}))
		.sort(
			(a, b) =>
				REASON_ORDER.indexOf(a.reasons[0]) - REASON_ORDER.indexOf(b.reasons[0]) ||
				b.reasons.length - a.reasons.length ||
				a.code.localeCompare(b.code)
		);
	return { since, items, openGeneralActionItems: open.filter((a) => !a.participantId).length };
}

export const GENERAL_ACTIONS_TITLE = 'Open action items from earlier meetings';

/**
 * Appends the proposal to the agenda: participants already on it are skipped, and open action
 * items that name no participant get one item at the top of what is added.
 */
export const buildAgendaFromRoster = meetingCommand({
	name: 'agenda.build',
	kind: 'agenda.built_from_roster',
	input: meetingVersionInput,
	run({ tx, actor, now, changes }, data): { added: number; version: number } {
		const m = loadMeeting(tx, actor, data.meetingId);
		authorizeMeeting(actor, 'meeting.agenda.build', m);
		checkMeetingVersion(m, data.expectedVersion);
		const proposal = proposeAgenda(tx, actor, m.id, { now });
		const existing = agendaOf(tx, m.id);
		const onAgenda = new Set(existing.map((i) => i.participantId));
		let position = nextPosition(tx, m.id);
		const rows: (typeof agendaItems.$inferInsert)[] = [];
		const hasGeneral = existing.some((i) => i.kind === 'other' && i.reasons.includes('open_action_items'));
		if (proposal.openGeneralActionItems && !hasGeneral) {
			rows.push({
				meetingId: m.id,
				position: position++,
				title: GENERAL_ACTIONS_TITLE,
				kind: 'other',
				plannedMinutes: 5,
				reasons: ['open_action_items'],
				createdByUserId: actor.userId,
				createdAt: now
			});
		}
		for (const p of proposal.items.filter((i) => !onAgenda.has(i.participantId))) {
			rows.push({
				meetingId: m.id,
				position: position++,
				title: p.title,
				kind: 'participant_review',
				participantId: p.participantId,
				plannedMinutes: p.plannedMinutes,
				reasons: p.reasons,
				createdByUserId: actor.userId,
				createdAt: now
			});
		}
		if (rows.length) tx.insert(agendaItems).values(rows).run();
		const version = touchMeeting(tx, m);
		changes.meeting(m.id, 'agenda.built_from_roster');
		return { added: rows.length, version };
	}
});
