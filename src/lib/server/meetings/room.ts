/**
 * The room screen (projector or TV): the current item in large type, its position and timer, and
 * the decisions as recorded, showing only what EVERY person present may see. Who is present is
 * the meeting's socket presence plus manual "in the room" marks; the policy module intersects
 * their views (`roomCategories`).
 */
import { snapshotsOf } from '../figures/snapshot';
import { and, eq } from 'drizzle-orm';
import { meetings, type Meeting } from '../db/schema';
import { assessmentClock, computeFlags, defaultSince, factsOf } from '../participants/board';
import { participants } from '../db/participants.schema';
import { programOf } from '../program/settings';
import type { Conn } from '../db';
import {
	ACTION_ITEM_CATEGORY,
	DECISION_CATEGORY,
	fieldCategory,
	roomCategories,
	roomMayShowParticipant,
	sees,
	type Actor,
	type InformationCategory
} from '../policy';
import { consentGrants } from '../participants/consent-grants';
import { WITHHELD_ITEM_TITLE } from '../../shared/meeting-events';
import type { RoomParticipant, RoomView } from '../../shared/meeting-views';
import type { AgencyKind } from '../../shared/roles';
import { agendaOf } from './agenda';
import { inRoomUserIds } from './attendance';
import { previousMeeting } from './build-agenda';
import { actorOf, loadDirectory, type Directory } from './directory';
import { meetingDecisions, actionItems, type AgendaItem } from '../db/meetings.schema';

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

type OnScreen =
	| { withheld: true }
	| { withheld: false; shared: ReadonlySet<InformationCategory>; participant: RoomParticipant };

function participantOnScreen(
	db: Conn,
	m: Meeting,
	participantId: string,
	audience: Actor[],
	now: Date
): OnScreen {
	const p = db.select().from(participants).where(eq(participants.id, participantId)).get();
	if (!p || p.jurisdictionId !== m.jurisdictionId || p.mergedIntoId) return { withheld: true };
	const resource = {
		jurisdictionId: p.jurisdictionId,
		caseManagerUserId: p.caseManagerUserId,
		defenderUserId: p.defenderUserId
	};
	if (!roomMayShowParticipant(audience, resource)) return { withheld: true };
	const shared = roomCategories(audience, resource, consentGrants(db, p.jurisdictionId, p.id));
	const { timezone, settings } = programOf(db, m.jurisdictionId);
	const facts = factsOf(db, m.jurisdictionId, p.id, now);
	const previous = previousMeeting(db, m);
	const since = previous ? (previous.startedAt ?? previous.startsAt) : defaultSince(now, settings);
	const show = (table: string, field: string) => sees(shared, fieldCategory(table, field, {}));
	const participant: RoomParticipant = {
		code: p.code,
		...(show('participants', 'legalName') ? { name: p.legalName } : {}),
		status: p.status,
		flags: computeFlags(p, facts, assessmentClock(p, facts, now, timezone, settings), now, since, settings),
		...(show('legal_matters', 'nextCourtDate')
			? { nextCourtDate: facts.nextCourtDate?.toISOString() ?? null }
			: {})
	};
	return { withheld: false, shared, participant };
}

type OnItem = Pick<RoomView, 'decisions' | 'actionItems'>;

/** The item's decisions and action items; `shared` (null for an item about no participant) hides what someone present may not read. */
function itemRecords(
	db: Conn,
	itemId: string,
	dir: Directory,
	shared: ReadonlySet<InformationCategory> | null
): OnItem {
	const readable = (category: InformationCategory) => shared === null || sees(shared, category);
	const agencies = (ids: string[]) => ids.flatMap((id) => dir.agencies.get(id) ?? []);
	const decisions = db.select().from(meetingDecisions).where(eq(meetingDecisions.agendaItemId, itemId)).all();
	const actions = db.select().from(actionItems).where(eq(actionItems.agendaItemId, itemId)).all();
	return {
		decisions: decisions.map((d) =>
			shared === null || (d.kind && readable(DECISION_CATEGORY[d.kind]))
				? { decisionId: d.id, kind: d.kind, text: d.text, agreeing: agencies(d.agreeingAgencyIds) }
				: { decisionId: d.id, kind: null, agreeing: [] }
		),
		actionItems: actions.map((a) => ({
			actionItemId: a.id,
			...(readable(ACTION_ITEM_CATEGORY) ? { what: a.what } : {}),
			owner: dir.agencies.get(a.ownerAgencyId) ?? null,
			dueDate: a.dueDate
		}))
	};
}

/** The current item as the people present may see it, with its records. */
function currentOnScreen(
	db: Conn,
	m: Meeting,
	item: AgendaItem,
	audience: Actor[],
	dir: Directory,
	now: Date
): Pick<RoomView, 'item'> & OnItem {
	const base = {
		itemId: item.id,
		kind: item.kind,
		plannedMinutes: item.plannedMinutes,
		spentSeconds: item.spentSeconds,
		startedAt: m.currentItemStartedAt?.toISOString() ?? null
	};
	const screen = item.participantId ? participantOnScreen(db, m, item.participantId, audience, now) : null;
	if (screen?.withheld) {
		const withheldLine = 'Someone present may not see this participant, so the room screen shows no details.';
		return {
			item: { ...base, title: WITHHELD_ITEM_TITLE, withheld: true, withheldLine },
			decisions: [],
			actionItems: []
		};
	}
	return {
		item: {
			...base,
			title: item.title,
			withheld: false,
			...(screen ? { participant: screen.participant } : {})
		},
		...itemRecords(db, item.id, dir, screen?.shared ?? null)
	};
}

/** The room view for the people present now. Nobody present shows no participant detail at all. */
/** A shared screen shows the frozen figures without staff names: the room is not one reader. */
function roomFigures(db: Conn, m: Meeting, itemId: string): RoomView['figures'] {
	if (m.kind !== 'policy_group') return null;
	return snapshotsOf(db, m.id, m.jurisdictionId, { staffNames: false })[itemId] ?? null;
}

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
	const current = index >= 0 ? currentOnScreen(db, m, items[index], audience, dir, now) : null;
	return {
		meetingId: m.id,
		title: m.title,
		kind: m.kind,
		status: m.status,
		position: index >= 0 ? index + 1 : null,
		total: items.length,
		item: current?.item ?? null,
		decisions: current?.decisions ?? [],
		actionItems: current?.actionItems ?? [],
		present: {
			people: audience.length,
			agencies: [...new Set(audience.map((a) => a.agencyKind))] as AgencyKind[]
		},
		figures:
			index >= 0 && items[index].kind === 'program_figures' ? roomFigures(db, m, items[index].id) : null,
		serverNow: now.toISOString(),
		timeZone: programOf(db, jurisdictionId).timezone
	};
}
