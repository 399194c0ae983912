/**
 * The room screen (projector or TV): the current item in large type, its position and timer, and
 * the decisions as recorded, showing only what EVERY person present may see. Who is present is
 * the meeting's socket presence plus manual "in the room" marks; the policy module intersects
 * their views (`roomCategories`).
 */
import { and, eq } from 'drizzle-orm';
import { meetings, type Meeting } from '../db/schema';
import { EMPTY_FACTS, loadFacts, computeFlags, assessmentClock, defaultSince } from '../participants/board';
import { participants } from '../db/participants.schema';
import { loadJurisdiction } from '../participants/changes';
import type { Conn } from '../db';
import {
	ACTION_ITEM_CATEGORY,
	DECISION_CATEGORY,
	roomCategories,
	roomMayShowParticipant,
	type Actor
} from '../policy';
import { fieldCategory, sees } from '../policy/participants';
import { consentGrants } from '../participants/consent-grants';
import { WITHHELD_ITEM_TITLE, type RoomView } from '../../shared/meeting-events';
import type { AgencyKind } from '../../shared/roles';
import { agendaOf } from './agenda';
import { inRoomUserIds } from './attendance';
import { previousMeeting } from './build-agenda';
import { actorOf, loadDirectory, type Directory } from './directory';
import { meetingDecisions, actionItems } from '../db/meetings.schema';

/** The people the room screen is shown to: those with the meeting open, and those marked in the room. */
export function roomAudience(
	db: Conn,
	m: Meeting,
	presentUserIds: readonly string[],
	dir: Directory
): Actor[] {
	const ids = new Set([...presentUserIds, ...inRoomUserIds(db, m.id)]);
	return [...ids].flatMap((id) => {
		const p = dir.people.get(id);
		return p && !p.disabled ? [actorOf(p, m.jurisdictionId)] : [];
	});
}

function participantOnScreen(db: Conn, m: Meeting, participantId: string, audience: Actor[], now: Date) {
	const p = db.select().from(participants).where(eq(participants.id, participantId)).get();
	if (!p || p.jurisdictionId !== m.jurisdictionId) return { withheld: true as const };
	const resource = {
		jurisdictionId: p.jurisdictionId,
		caseManagerUserId: p.caseManagerUserId,
		defenderUserId: p.defenderUserId
	};
	if (!roomMayShowParticipant(audience, resource)) return { withheld: true as const };
	const shared = roomCategories(audience, resource, consentGrants(db, p.jurisdictionId, p.id));
	const timezone = loadJurisdiction(db, m.jurisdictionId).timezone;
	const facts = loadFacts(db, m.jurisdictionId, [p.id], now).get(p.id) ?? EMPTY_FACTS;
	const previous = previousMeeting(db, m);
	const since = previous ? (previous.startedAt ?? previous.startsAt) : defaultSince(now);
	const show = (table: string, field: string) => sees(shared, fieldCategory(table, field, {}));
	return {
		withheld: false as const,
		shared,
		participant: {
			code: p.code,
			...(show('participants', 'legalName') ? { name: p.legalName } : {}),
			status: p.status,
			flags: computeFlags(p, facts, assessmentClock(p, facts, now, timezone), now, since),
			...(show('legal_matters', 'nextCourtDate')
				? { nextCourtDate: facts.nextCourtDate?.toISOString() ?? null }
				: {})
		}
	};
}

/** The room view for the people present now. Nobody present shows no participant detail at all. */
export function roomView(
	db: Conn,
	meetingId: string,
	jurisdictionId: string,
	presentUserIds: readonly string[],
	now = new Date()
): RoomView {
	const m = db
		.select()
		.from(meetings)
		.where(and(eq(meetings.id, meetingId), eq(meetings.jurisdictionId, jurisdictionId)))
		.get();
	if (!m) throw new Error(`room view: meeting ${meetingId} not found`);
	const dir = loadDirectory(db, jurisdictionId);
	const audience = roomAudience(db, m, presentUserIds, dir);
	const items = agendaOf(db, m.id);
	const index = items.findIndex((i) => i.id === m.currentItemId);
	const item = index >= 0 ? items[index] : null;
	const view: RoomView = {
		meetingId: m.id,
		title: m.title,
		kind: m.kind,
		status: m.status,
		position: index >= 0 ? index + 1 : null,
		total: items.length,
		item: null,
		decisions: [],
		actionItems: [],
		present: {
			people: audience.length,
			agencies: [...new Set(audience.map((a) => a.agencyKind))] as AgencyKind[]
		},
		serverNow: now.toISOString(),
		timeZone: loadJurisdiction(db, jurisdictionId).timezone
	};
	if (!item) return view;
	const base = {
		itemId: item.id,
		kind: item.kind,
		plannedMinutes: item.plannedMinutes,
		spentSeconds: item.spentSeconds,
		startedAt: m.currentItemStartedAt?.toISOString() ?? null
	};
	const decisions = db
		.select()
		.from(meetingDecisions)
		.where(eq(meetingDecisions.agendaItemId, item.id))
		.all();
	const actions = db.select().from(actionItems).where(eq(actionItems.agendaItemId, item.id)).all();
	if (!item.participantId) {
		view.item = { ...base, title: item.title, withheld: false };
		view.decisions = decisions.map((d) => ({
			decisionId: d.id,
			kind: d.kind,
			text: d.text,
			agreeing: d.agreeingAgencyIds.flatMap((id) => dir.agencies.get(id) ?? [])
		}));
		view.actionItems = actions.map((a) => ({
			actionItemId: a.id,
			what: a.what,
			owner: dir.agencies.get(a.ownerAgencyId) ?? null,
			dueDate: a.dueDate
		}));
		return view;
	}
	const screen = participantOnScreen(db, m, item.participantId, audience, now);
	if (screen.withheld) {
		view.item = {
			...base,
			title: WITHHELD_ITEM_TITLE,
			withheld: true,
			withheldLine: 'Someone present may not see this participant, so the room screen shows no details.'
		};
		return view;
	}
	view.item = { ...base, title: item.title, withheld: false, participant: screen.participant };
	view.decisions = decisions.map((d) =>
		d.kind && sees(screen.shared, DECISION_CATEGORY[d.kind])
			? {
					decisionId: d.id,
					kind: d.kind,
					text: d.text,
					agreeing: d.agreeingAgencyIds.flatMap((id) => dir.agencies.get(id) ?? [])
				}
			: { decisionId: d.id, kind: null, agreeing: [] }
	);
	view.actionItems = actions.map((a) => ({
		actionItemId: a.id,
		...(sees(screen.shared, ACTION_ITEM_CATEGORY) ? { what: a.what } : {}),
		owner: dir.agencies.get(a.ownerAgencyId) ?? null,
		dueDate: a.dueDate
	}));
	return view;
}
